-- 170_search_tokenizer: SQLite's full-text index is made by our own FTS5
-- tokenizer (issue 5, "SQLite: an FTS5 tokenizer of ours";
-- src/search/fts5_tok.c, registered on every connection by the driver).
-- FTS5 now runs the analyzer itself, on the document's text and on the
-- query strings, instead of splitting the pre-analyzed words/terms
-- columns with unicode61. One column, doc = title, a line break, body:
-- the positions run on from the title into the body, as in the words
-- column PostgreSQL's pair lexemes are made from, so a phrase matches
-- the same documents on both. Each position holds ">fold" (phrases) and
-- the word's terms as colocated tokens; prefix='2 3' indexes the terms.
-- Contentless (content=''): the text lives in search_docs, which the
-- triggers copy from; search.c joins search_docs for everything it reads.
-- The words/terms columns stay: PostgreSQL's tsvector is made from them,
-- and both backends rank in C from terms.
-- The sqlite3 shell cannot open search_fts (it does not know the
-- tokenizer), and therefore cannot write search_docs: `sklaida search
-- clear` / `sklaida search reindex` do that.

-- @sqlite
DROP TRIGGER IF EXISTS search_docs_ai;
DROP TRIGGER IF EXISTS search_docs_ad;
DROP TRIGGER IF EXISTS search_docs_au;
DROP TABLE IF EXISTS search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(doc, content='', tokenize='sklaida', prefix='2 3');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts(rowid, doc) VALUES (new.id, new.title || char(10) || new.body);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, doc) VALUES ('delete', old.id, old.title || char(10) || old.body);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE OF title, body ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, doc) VALUES ('delete', old.id, old.title || char(10) || old.body);
  INSERT INTO search_fts(rowid, doc) VALUES (new.id, new.title || char(10) || new.body);
END;
INSERT INTO search_fts(rowid, doc) SELECT id, title || char(10) || body FROM search_docs;
-- @both
-- Publicity requests and communication plans are search records from
-- now on (src/search/search_publicity.c): an installation that has some
-- gets a job that indexes them (src/search/search_job.c).
INSERT INTO jobs(kind, payload, run_after, created_at, updated_at)
  SELECT 'search_reindex', '{"types":"publicity_request,publicity_plan"}', 0, {{NOW}}, {{NOW}}
  WHERE EXISTS (SELECT 1 FROM pub_requests);
