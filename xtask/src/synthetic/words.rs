//! The vocabulary of the synthetic sites: workstreams, tags, task phrases and prose sentences.
//!
//! Only fixed text lives here; choosing among it and filling in figures is `synthetic`'s job.

/// A line of work that tasks belong to, with the tag its records usually carry.
#[derive(Debug)]
pub(crate) struct Workstream {
    /// As written in a Workstream column or before a task (`Resume generator: ...`).
    pub(crate) name: &'static str,
    /// The tag of a record that worked on it.
    pub(crate) tag: &'static str,
    /// What its tasks are about, to follow a verb.
    pub(crate) objects: &'static [&'static str],
}

/// Twelve workstreams, each with its own task objects.
pub(crate) const WORKSTREAMS: &[Workstream] = &[
    Workstream {
        name: "Resume generator",
        tag: "resume-generator",
        objects: &[
            "the PDF renderer pagination rules",
            "a JSON Resume importer with round-trip tests",
            "cover letter templates in three themes",
            "locale-aware date formatting for all renderers",
            "the skills taxonomy (aliases, casing, merged synonyms)",
            "a plain-text ATS renderer with section ordering rules",
            "the multi-signal deduplication of imported entries",
            "the v2 schema with a source registry and four new entry types",
        ],
    },
    Workstream {
        name: "Synthesis tooling",
        tag: "synthesis",
        objects: &[
            "incremental checkpointing for the synthesis and iteration phases",
            "a per-call API timing log for synthesis runs",
            "parallel fan-out for synthesis batches with rate-limit backoff",
            "a citation linker with source-span highlighting",
            "resume-from-checkpoint integration tests",
            "the prompt cache and its eviction policy",
            "structured output validation for model replies",
        ],
    },
    Workstream {
        name: "Infrastructure",
        tag: "infrastructure",
        objects: &[
            "the deploy pipeline for staging and production",
            "a Terraform module for inference endpoints",
            "self-hosted GPU runners for CI",
            "secret rotation across three services",
            "the DNS cutover and cache warmup runbook",
            "log shipping to the new observability stack",
            "backup and restore drills for the primary database",
        ],
    },
    Workstream {
        name: "ML pipeline",
        tag: "ml-pipeline",
        objects: &[
            "the training data loader (streaming shards, resumable epochs)",
            "a feature store schema migration with a backfill script",
            "experiment tracking (run metadata, artifacts, metrics)",
            "a nightly evaluation job with regression thresholds",
            "the model benchmarking framework and its methodology",
            "the validation pipeline configuration and runners",
        ],
    },
    Workstream {
        name: "Writing",
        tag: "writing",
        objects: &[
            "an article on weighted averages versus the mean of ratios",
            "an editing pass over two older essays",
            "the monthly newsletter issue and its cross-posts",
            "a talk outline on agentic coding and decision fatigue",
            "the leverage record post and its figures",
            "a glossary page for the documentation site",
        ],
    },
    Workstream {
        name: "Scoring pipeline",
        tag: "scoring",
        objects: &[
            "the scoring CLI with batch re-scoring of content packages",
            "AI detection scoring for submitted drafts",
            "calibration plots for the scoring model",
            "the rubric loader and its schema checks",
            "score explanations in the review dashboard",
        ],
    },
    Workstream {
        name: "Portfolio site",
        tag: "portfolio",
        objects: &[
            "an accessibility audit with fixes (contrast, landmarks, focus order)",
            "six interactive features ported to the shared component library",
            "responsive image sets and lazy loading",
            "the project pages generated from the resume data",
            "a dark theme with a persisted preference",
        ],
    },
    Workstream {
        name: "Data platform",
        tag: "data-platform",
        objects: &[
            "the event ingestion service and its dead-letter queue",
            "a partitioning scheme for the warehouse tables",
            "data quality checks on the nightly loads",
            "the lineage graph export for the catalogue",
            "a cost report per pipeline and per team",
        ],
    },
    Workstream {
        name: "Billing service",
        tag: "billing",
        objects: &[
            "proration for mid-cycle plan changes",
            "invoice PDF generation with tax lines",
            "webhook retries with idempotency keys",
            "the dunning schedule and its emails",
            "a reconciliation job against the payment provider",
        ],
    },
    Workstream {
        name: "Search service",
        tag: "search",
        objects: &[
            "typo-tolerant queries with a custom analyzer",
            "the reindex job with zero-downtime alias swaps",
            "faceted filters for the catalogue",
            "query logging and a relevance dashboard",
            "synonym lists maintained from support tickets",
        ],
    },
    Workstream {
        name: "Mobile app",
        tag: "mobile",
        objects: &[
            "offline sync with conflict resolution",
            "push notification preferences",
            "the onboarding flow and its analytics events",
            "crash reporting symbol uploads in CI",
            "deep links for shared records",
        ],
    },
    Workstream {
        name: "Docs site",
        tag: "docs",
        objects: &[
            "the API reference generated from the OpenAPI file",
            "a search index for the documentation",
            "versioned docs with a version switcher",
            "broken link checks in CI",
            "the getting-started tutorial rewrite",
        ],
    },
];

/// Tags that are not workstreams; with the workstreams' own tags, the site has 30.
pub(crate) const TOPIC_TAGS: &[&str] = &[
    "rust",
    "python",
    "typescript",
    "testing",
    "refactoring",
    "devops",
    "frontend",
    "backend",
    "security",
    "performance",
    "ci",
    "databases",
    "api-design",
    "tooling",
    "research",
    "accessibility",
    "migration",
    "observability",
];

/// Verbs that open a task description.
pub(crate) const VERBS: &[&str] = &[
    "Implement",
    "Rewrite",
    "Refactor",
    "Port",
    "Fix",
    "Extract",
    "Document",
    "Migrate",
    "Harden",
    "Speed up",
    "Add tests for",
    "Review and tidy",
    "Design",
    "Finish",
];

/// What a task covered, listed in parentheses after it.
pub(crate) const DETAILS: &[&str] = &[
    "schemas",
    "CLI",
    "tests",
    "docs",
    "error messages",
    "config",
    "fixtures",
    "benchmarks",
    "CI wiring",
    "rollback plan",
    "migration script",
    "dry-run mode",
    "logging",
    "retry logic",
    "golden files",
    "metrics",
    "feature flag",
    "README",
];

/// Work that trails a task (`... + update docs and push 2 repositories`).
pub(crate) const TAILS: &[&str] = &[
    "update docs and push 2 repositories",
    "staging and production deploys",
    "organize 5 logical commits",
    "release notes",
    "a follow-up issue for the edge cases",
    "cross-repository version bumps",
];

/// Adjectives for the day in the opening sentence.
pub(crate) const DAY_ADJECTIVES: &[&str] =
    &["busy", "quiet", "scattered", "focused", "long", "short", "steady", "productive", "slow", "mixed"];

/// Sentences about the work in general. `{ws}` is a workstream of the day, lowercased.
pub(crate) const GENERAL: &[&str] = &[
    "Most of the effort on {ws} went into deciding what to build, and the agent did the typing once that was settled.",
    "The {ws} work had a precise end state, which is the kind of task where the agent reliably lands near the top of the table.",
    "Tasks with a checkable goal, such as a round-trip test or a schema that must validate, keep producing the highest factors.",
    "Review took longer than usual because several changes touched code that other people depend on.",
    "A few rows look slow on paper, but most of their minutes went into waiting for CI rather than into the agent itself.",
    "The estimates assume a senior engineer who already knows the codebase, which keeps them honest rather than generous.",
    "None of the rows involved a large unknown, so the spread between the best and the worst factor stayed moderate.",
    "Small fixes rarely reach high factors: the fixed cost of reading the context and checking the result dominates them.",
    "The {ws} changes went out behind a feature flag, so they could be rolled back without a deploy.",
    "Supervision was light for the mechanical changes and close for anything that touched data on disk.",
    "Most prompts were a short description of the goal followed by a pointer to the files involved.",
    "When the agent went down a wrong path, it was usually because the prompt left out a constraint that lived only in someone's head.",
    "Writing the acceptance test first and asking the agent to make it pass worked better than describing the change in prose.",
    "The slowest part of the day was not the work itself but switching between {ws} and everything else.",
    "The documentation updates are easy to skip and cheap to do with the agent, so they were done in the same session as the code.",
    "Several tasks reused patterns from earlier in the week, which explains part of the high factors on those rows.",
    "The human estimates include the time to test and review, not only the time to write the code.",
    "A couple of tasks needed a second attempt after the first version missed an edge case in the input data.",
    "The agent was at its best on wide but shallow changes: many files, each with a small and similar edit.",
    "It was at its worst on the one change that needed knowledge of a third-party service that is not written down anywhere.",
    "Token counts track the size of the context more than the size of the change.",
    "A long-running job inflated the wall-clock time of one row without adding any real work.",
    "The {ws} tasks were planned the evening before, which made the prompts short and the sessions focused.",
    "Breaking a large change into a sequence of commits that each build on their own kept the review manageable.",
    "Some of the time went into cleaning up after earlier sessions: dead code, stale flags and a forgotten migration.",
    "The day's factors are in line with the rolling average, with no single row pulling the total far in either direction.",
    "Pairing a refactor with its tests in the same task made the estimate larger and the factor higher.",
    "Nothing in today's log needed a rollback, which is worth noting after last week's deploy trouble.",
    "A reminder for future entries: the supervisory minutes are counted from the first prompt to the final review.",
    "The next step for {ws} is a round of profiling, since the new code paths have not been measured yet.",
    "The {ws} backlog is shorter than it was a month ago, and most of what is left is small.",
    "One change was split in two after the first attempt grew past what could be reviewed in one sitting.",
    "Reading the agent's diff carefully took longer than writing the prompt, which is how it should be.",
    "A flaky test cost twenty minutes before it turned out to depend on the order of a hash map.",
    "The agent suggested a simpler design for one task, and it was better than the one in the prompt.",
    "Most rows needed only one round of review; two needed a second pass for naming and error messages.",
    "The {ws} code has good tests, and that shows in how quickly changes to it could be trusted.",
    "Estimating the human time is still the hardest part of keeping this log honest.",
    "A change that looked risky turned out to be routine once the existing tests were read first.",
    "The agent handled the boilerplate, and the interesting decisions stayed with the person at the keyboard.",
    "Some minutes went into reading logs from a failed deploy that had nothing to do with the change itself.",
    "For {ws}, the limiting factor was the speed of the external API rather than anything on our side.",
    "Generated code was held to the same standard as hand-written code: formatted, linted and reviewed.",
    "A short design note written before the session saved more time than it cost.",
    "Two tasks were nearly identical, and the second one went much faster because the first set the pattern.",
    "Most of the tokens went into reading existing code; the changes themselves were short.",
    "The supervision figures are rough: they include the time spent reading the result, not only prompting.",
    "Work on {ws} paused halfway through the day for a review that could not wait.",
    "Error messages got extra attention today, since they are what users actually read.",
    "Nothing here would have been impossible by hand; it would simply have taken most of a week.",
    "Every migration was run against a copy of production data before it went anywhere near the real thing.",
    "The agent's first attempt at the {ws} change ignored an existing helper, so the prompt now names it.",
    "Keeping each session to one concern made the commits easy to describe and easy to revert.",
    "The day ended with a clean working tree and nothing half-finished, which makes tomorrow easier.",
    "The low rows are mostly tasks where the agent had to wait for slow builds or external services.",
    "A rough rule holds again today: the clearer the definition of done, the higher the factor.",
    "Configuration changes were checked in a staging environment before they were merged.",
    "The {ws} work touched a part of the code that nobody had opened in months.",
    "It helped to paste the failing output into the prompt rather than describing it.",
    "After the session, the notes for {ws} were updated so that the next one starts with the right context.",
];

/// Short closing sentences for a paragraph.
pub(crate) const CLOSERS: &[&str] = &[
    "That pattern has held for several weeks now.",
    "It is a useful reminder of where the time really goes.",
    "The numbers below reflect that.",
    "This is worth keeping in mind when reading the factors.",
    "The same thing will likely happen again tomorrow.",
    "None of this was surprising.",
];

/// Items of a short list of lessons in the analysis.
pub(crate) const LESSONS: &[&str] = &[
    "Write the test before the prompt.",
    "Point the agent at the files, not at the whole repository.",
    "Ask for a plan first on anything that touches more than ten files.",
    "Keep deploys out of the same session as feature work.",
    "Review generated migrations line by line.",
    "Commit after every green test run.",
    "Stop and re-prompt rather than patching a wrong approach.",
    "Log supervisory minutes as they happen, not at the end of the day.",
];
