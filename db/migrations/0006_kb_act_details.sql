-- Act details for imported legislation (issue 9): short names given by the operator, the
-- editorial notes ("(В редакции Законов КР от ...)") as the act's amendment history, and
-- repealed articles ("Утратила силу"), kept but never given as the answer.
ALTER TABLE kb_documents ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';      -- JSON list
ALTER TABLE kb_documents ADD COLUMN amendments TEXT NOT NULL DEFAULT '[]';   -- JSON list
ALTER TABLE kb_passages ADD COLUMN repealed INTEGER NOT NULL DEFAULT 0 CHECK (repealed IN (0, 1));
