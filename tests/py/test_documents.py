"""AC-C3-6: an internal-document edit request with an uploaded .docx is
returned with an edited file and a change summary; the requester is
notified and the turnaround is recorded. The files are stored in the
database (BLOB / bytea) and come back byte for byte; a file that is not
what its name says, another type, or a missing summary is refused with
nothing stored; requests are seen only by their sender and the editors,
and never by another institution."""
import io
import re
import zipfile

from sk import test, run, check, eq, multipart, login, one

PW = "correct horse battery"


def docx(text):
    """A minimal .docx (a ZIP with the parts Word needs)."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>"
                   f"</w:document>")
    return b.getvalue()


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("skaitykla@pavb.lt", "Laima Skaitykla", inst="pavb", roles=["STAFF"])
    sk.add_user("kita@pavb.lt", "Kita Darbuotoja", inst="pavb", roles=["STAFF"])
    sk.add_user("redaktore@pavb.lt", "Dalia Redaktorė", inst="pavb", roles=["EDITOR"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    return sk.server(args=["--workers", "0"])


@test
def docx_edited_and_returned_with_a_summary(sk):
    srv = world(sk)
    s = login(srv.client(), "skaitykla@pavb.lt")
    original = docx("Įsakymas dėl skaityklos darbo laiko")
    # refused: no file, a renamed file, another type
    r = multipart(s, "/staff/pavb/documents", {"title": ""}, {})
    eq(r.status, 422)
    check('id="e-title"' in r.text and 'id="e-file"' in r.text, "field errors for title and file")
    r = multipart(s, "/staff/pavb/documents", {"title": "Įsakymas"},
                  {"file": ("isakymas.docx", b"not a zip at all", "application/octet-stream")})
    eq(r.status, 422)
    check("neatitinka" in r.text, "a renamed file is named: " + " | ".join(re.findall(r"<p class=\"error\"[^>]*>(.*?)</p>", r.text)))
    r = multipart(s, "/staff/pavb/documents", {"title": "Įsakymas"},
                  {"file": ("programa.exe", b"MZ\x90\x00", "application/octet-stream")})
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM files"), "0", "nothing stored")
    r = multipart(s, "/staff/pavb/documents", {"title": "Įsakymas dėl skaityklos darbo laiko",
                                               "purpose": "Kalbos klaidos ir aiškumas"},
                  {"file": ("Įsakymas dėl darbo laiko.docx", original, "application/vnd.openxmlformats")})
    eq(r.status, 303, r.text[:800])
    did = int(re.search(r"/documents/(\d+)$", r.header("Location")).group(1))
    # the file comes back as sent, always as a download
    f = s.get(f"/staff/pavb/documents/{did}/file/original")
    eq(f.status, 200)
    eq(f.body, original)
    check(f.header("Content-Disposition").startswith("attachment"), "a download")
    check("wordprocessingml" in f.header("Content-Type"), "the type comes from the name")
    # others
    eq(login(srv.client(), "kita@pavb.lt").get(f"/staff/pavb/documents/{did}").status, 404, "another requester")
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/birzai/documents/{did}").status, 404)
    eq(b.get(f"/staff/birzai/documents/{did}/file/original").status, 404)
    # the editor takes it and returns it
    e = login(srv.client(), "redaktore@pavb.lt")
    check("Įsakymas dėl skaityklos darbo laiko" in e.get("/staff/pavb/documents").text, "in the editors' queue")
    eq(e.post(f"/staff/pavb/documents/{did}/take", {}).status, 303)
    eq(one(sk, f"SELECT status FROM doc_requests WHERE id = {did}"), "in_editing")
    edited = docx("Įsakymas dėl skaityklos darbo laiko (suredaguota)")
    r = multipart(e, f"/staff/pavb/documents/{did}/return", {"change_summary": ""},
                  {"file": ("isakymas-red.docx", edited, "application/octet-stream")})
    eq(r.status, 422)
    check('id="e-change_summary"' in r.text, "the summary is required")
    r = multipart(e, f"/staff/pavb/documents/{did}/return",
                  {"change_summary": "Ištaisytos kabutės ir brūkšniai, suvienodinti terminai."},
                  {"file": ("isakymas-red.docx", edited, "application/octet-stream")})
    eq(r.status, 303, r.text[:800])
    row = sk.sql(f"SELECT status, change_summary, returned_at >= submitted_at, turnaround_workdays >= 0 "
                 f"FROM doc_requests WHERE id = {did}")[0]
    eq(row[0], "returned")
    eq(row[1], "Ištaisytos kabutės ir brūkšniai, suvienodinti terminai.")
    check(row[2] in ("1", "t") and row[3] in ("1", "t"), "the turnaround is recorded")
    eq(s.get(f"/staff/pavb/documents/{did}/file/edited").body, edited)
    t = sk.sql("SELECT t.title, u.email FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.category = 'document'")
    eq(len(t), 1)
    check(t[0][1] == "skaitykla@pavb.lt" and "Įsakymas" in t[0][0], repr(t))
    page = s.get(f"/staff/pavb/documents/{did}").text
    check("suvienodinti terminai" in page and "isakymas-red.docx" in page, "the requester sees the result")
    eq(multipart(e, f"/staff/pavb/documents/{did}/return", {"change_summary": "dar"},
                 {"file": ("x.docx", edited, "application/octet-stream")}).status, 422, "returned once")
    eq(one(sk, "SELECT COUNT(*) FROM files"), "2")


if __name__ == "__main__":
    run()
