-- +goose Up
-- Every stored file lives in the database (blobs, 00032), content-addressed
-- by SHA-256: contract texts, proposal files and organisation licences join
-- the listing attachments, so that every serve process on one PostgreSQL
-- answers them and a backup of the database carries them. The rows keep
-- the hash, name and size they already had; the path into one process's
-- data directory goes. Files that older versions wrote to the data
-- directory are moved into blobs by the program when it starts
-- (models.MoveFilesIntoStore): SQL cannot read them.
ALTER TABLE contracts DROP COLUMN file_path;
ALTER TABLE proposal_files DROP COLUMN path;

-- A blob goes when the last record naming it lets go: these find them.
CREATE INDEX idx_contracts_file_sha256 ON contracts (file_sha256);
CREATE INDEX idx_proposal_files_sha256 ON proposal_files (sha256);
CREATE INDEX idx_organizations_licence_sha256 ON organizations (licence_sha256);

-- +goose Down
DROP INDEX idx_organizations_licence_sha256;
DROP INDEX idx_proposal_files_sha256;
DROP INDEX idx_contracts_file_sha256;
ALTER TABLE proposal_files ADD COLUMN path VARCHAR(300) NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN file_path VARCHAR(300) NOT NULL DEFAULT '';
