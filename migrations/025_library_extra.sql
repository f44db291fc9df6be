-- When an import last made progress: an import still 'running' with no progress for 10 minutes was
-- left by a process that stopped, and is shown as interrupted.
ALTER TABLE library_imports ADD COLUMN progressed_at timestamptz NOT NULL DEFAULT now();
