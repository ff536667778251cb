-- Who created a share link, as the share dialog lists it: the signed-in account's email, or
-- "Board owner" for a link made with the owner token. Links made before this migration have none.
ALTER TABLE "share_links" ADD COLUMN "created_by" TEXT;
