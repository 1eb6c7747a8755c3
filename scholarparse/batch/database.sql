-- The database `scholarparse batch --db FILE` writes (SQLite; PRAGMA user_version = 2).
-- One row in `files` per input; a file's other rows are replaced whenever its content or the
-- settings it was parsed with change, and left alone otherwise. A file that converted once and
-- now fails keeps the rows of its last good parse: a failure never deletes what the user had.

CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,             -- the input's path as given in the latest run (= "source")
    resolved_path TEXT NOT NULL UNIQUE,  -- absolute, links resolved: one row per file, whatever
                                         -- spelling a run gave it ("dumps/a.txt", "./dumps/…")
    sha256 TEXT,                    -- hex SHA-256 of its bytes; NULL if it could not be read
    size INTEGER,                   -- its size in bytes; NULL if it could not be read
    layout TEXT CHECK (layout IN ('profile', 'abstracts')),  -- of the rows kept; NULL: none
    status TEXT NOT NULL CHECK (status IN ('ok', 'warnings', 'failed')),  -- the latest run's
    parsed_at TEXT NOT NULL,        -- when the latest run read it: UTC, "YYYY-MM-DDTHH:MM:SSZ"
    settings TEXT NOT NULL,         -- scholarparse version, --as-of and --encoding used
    preamble TEXT,                  -- abstract-only dumps: text before the first "Abstract:"
    good_parsed_at TEXT,            -- when the rows kept were parsed; NULL if it never converted
    error_code TEXT,                -- the latest run's error when it failed (status 'failed')
    error_message TEXT
);

CREATE TABLE profiles (
    file_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
    name TEXT,                      -- the researcher; NULL if the copy lost it
    category TEXT,                  -- topic code, e.g. "CL"
    h_index INTEGER,                -- the metrics are NULL where the dump shows none
    papers INTEGER,
    citations INTEGER,
    novelty_percent INTEGER,
    ai_score INTEGER,
    declared_paper_count INTEGER,   -- the "N Papers" heading
    as_of TEXT NOT NULL             -- reference date for year-less paper dates, YYYY-MM-DD
);
CREATE INDEX profiles_name ON profiles (name);

CREATE TABLE papers (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES profiles (file_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,      -- 1-based order in the profile ("index" in JSON)
    line INTEGER NOT NULL,          -- line of the meta line in the input
    score REAL,                     -- relevance score; NULL if the meta line has none
    category TEXT NOT NULL,         -- arXiv area, e.g. "CL"
    date TEXT,                      -- YYYY-MM-DD; NULL if not a real date
    date_raw TEXT NOT NULL,         -- the date as written, e.g. "May 29"
    year_inferred INTEGER NOT NULL, -- 1 if the year came from as_of, else 0
    has_code INTEGER NOT NULL,      -- 1 if the meta line ends in "Code", else 0
    title TEXT,
    authors_truncated INTEGER NOT NULL,  -- 1 if the authors line ended in "et al."
    abstract TEXT,                  -- paragraphs separated by one blank line
    UNIQUE (file_id, position)
);
CREATE INDEX papers_title ON papers (title);
CREATE INDEX papers_date ON papers (date);
CREATE INDEX papers_category ON papers (category);

CREATE TABLE authors (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,      -- 1-based place in the paper's authors line
    name TEXT NOT NULL,
    PRIMARY KEY (paper_id, position)
);
CREATE INDEX authors_name ON authors (name);

CREATE TABLE affiliations (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,      -- 1-based place after the " · "
    name TEXT NOT NULL,
    PRIMARY KEY (paper_id, position)
);
CREATE INDEX affiliations_name ON affiliations (name);

CREATE TABLE extra_lines (         -- profile header lines that fit no field, kept whole
    file_id INTEGER NOT NULL REFERENCES profiles (file_id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (file_id, line)
);

CREATE TABLE abstracts (
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,      -- 1-based order in the dump ("index" in JSON)
    line INTEGER NOT NULL,          -- line of its "Abstract:" marker
    text TEXT NOT NULL,
    PRIMARY KEY (file_id, position)
);

CREATE TABLE diagnostics (         -- warnings of the rows kept; the error of a file never parsed
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    severity TEXT NOT NULL CHECK (severity IN ('warning', 'error')),
    code TEXT NOT NULL,             -- a stable code from the README
    line INTEGER,                   -- NULL when it concerns the whole file
    message TEXT NOT NULL
);
CREATE INDEX diagnostics_file ON diagnostics (file_id);
CREATE INDEX diagnostics_code ON diagnostics (code);

PRAGMA user_version = 2;
