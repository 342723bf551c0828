-- 131_publicity_channels: every institution has the default channels
-- (S6) from its creation on, so that no page has to create them when it
-- is first read (a GET must not write; tests/py/test_headers.py checks).
-- The list is pub_default_channels; a trigger copies it for each new
-- institution, and the existing ones get it here.
CREATE TABLE pub_default_channels (
  code TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name_lt TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sort INTEGER NOT NULL
);
INSERT INTO pub_default_channels(code, kind, name_lt, name_en, sort) VALUES
 ('newsroom', 'website', 'Svetainės naujienos', 'Website newsroom', 10),
 ('facebook', 'facebook', 'Facebook', 'Facebook', 20),
 ('instagram', 'instagram', 'Instagram', 'Instagram', 30),
 ('youtube', 'youtube', 'YouTube', 'YouTube', 40),
 ('newsletter', 'newsletter', 'Naujienlaiškis', 'Newsletter', 50),
 ('media', 'media_distribution', 'Pranešimai žiniasklaidai', 'Media distribution', 60),
 ('manual', 'manual', 'Kiti kanalai (įrašomi ranka)', 'Other channels (recorded by hand)', 70);

INSERT INTO pub_channels(institution_id, code, kind, name_lt, name_en, sort)
  SELECT i.id, d.code, d.kind, d.name_lt, d.name_en, d.sort FROM institutions i CROSS JOIN pub_default_channels d
  WHERE NOT EXISTS (SELECT 1 FROM pub_channels c WHERE c.institution_id = i.id);

-- @sqlite
CREATE TRIGGER institutions_pub_channels AFTER INSERT ON institutions
BEGIN
  INSERT INTO pub_channels(institution_id, code, kind, name_lt, name_en, sort)
    SELECT NEW.id, code, kind, name_lt, name_en, sort FROM pub_default_channels;
END;
-- @pg
CREATE FUNCTION institutions_pub_channels() RETURNS trigger AS $$
BEGIN
  INSERT INTO pub_channels(institution_id, code, kind, name_lt, name_en, sort)
    SELECT NEW.id, code, kind, name_lt, name_en, sort FROM pub_default_channels;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER institutions_pub_channels AFTER INSERT ON institutions
FOR EACH ROW EXECUTE FUNCTION institutions_pub_channels();
-- @both
