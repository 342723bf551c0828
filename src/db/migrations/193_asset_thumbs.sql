-- 193_asset_thumbs: the thumbnail of a photo or graphic (src/adapters/
-- image.c: at most 480 px, JPEG, metadata stripped), a row of files like
-- the original. 0 when there is none (not an image, or uploaded before
-- this migration): the pages then show the original.
-- width and height are the original's pixels, 0 when unknown.
ALTER TABLE assets ADD COLUMN thumb_file_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN height INTEGER NOT NULL DEFAULT 0;
