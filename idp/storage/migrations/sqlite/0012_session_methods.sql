-- Issue 8: the login methods a session was given (a JSON array of domain::method_name), so that a
-- step-up adds the missing factor to the same session and its level is computed from them all.
ALTER TABLE sessions ADD COLUMN methods TEXT NOT NULL DEFAULT '[]';
