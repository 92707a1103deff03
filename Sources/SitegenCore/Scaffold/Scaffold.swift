import Foundation

/// The files `sitegen init` and `sitegen new` write. They never replace a file: when any target exists, nothing is
/// written and the error names every one that does.
public enum Scaffold {
    /// A file to create, relative to the site's folder.
    public struct File: Sendable, Equatable {
        public var path: String
        public var text: String
    }

    /// Files that already exist and would have been replaced.
    public struct Conflict: Error, CustomStringConvertible {
        public let paths: [String]
        public var description: String {
            "error: \(paths.joined(separator: ", ")) already \(paths.count == 1 ? "exists" : "exist"); nothing was written"
        }
    }

    /// Writes `files` under `root`, creating folders, unless any of them exists.
    /// - Returns: The paths written.
    @discardableResult
    public static func write(_ files: [File], under root: URL) throws -> [String] {
        let manager = FileManager.default
        let existing = files.map(\.path).filter { manager.fileExists(atPath: root.appendingPathComponent($0).path) }
        guard existing.isEmpty else { throw Conflict(paths: existing) }
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // `.withoutOverwriting` keeps the promise even if a file appears between the check and the write.
            try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
        }
        return files.map(\.path)
    }

    /// A double-quoted YAML scalar: safe for any title, colons and quotes included.
    static func yamlString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 {
                    quoted += String(format: "\\x%02X", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    /// `[a, b]` with each item quoted.
    static func yamlList(_ items: [String]) -> String {
        "[" + items.map(yamlString).joined(separator: ", ") + "]"
    }

    /// A new post in `content/posts/`, dated `day` (`YYYY-MM-DD`).
    public static func post(title: String, day: String, tags: [String], project: String?, draft: Bool) -> File {
        var frontMatter = "---\ntitle: \(yamlString(title))\ndate: \(day)\n"
        if !tags.isEmpty { frontMatter += "tags: \(yamlList(tags))\n" }
        if let project { frontMatter += "project: \(yamlString(project))\n" }
        if draft { frontMatter += "draft: true\n" }
        frontMatter += "summary: \"\"\n---\n\n"
        return File(
            path: "content/posts/\(Slug.make(title)).md",
            text: frontMatter + "What did you set out to learn, what did you try, and what happened?\n")
    }

    /// A new project in `content/projects/`, started `day`.
    public static func project(name: String, day: String) -> File {
        File(
            path: "content/projects/\(Slug.make(name)).md",
            text: """
                ---
                title: \(yamlString(name))
                status: planned
                started: \(day)
                tech: []
                repo: ""
                summary: ""
                ---

                What this project is, why you are building it, and what done looks like.

                """)
    }

    /// Everything `sitegen init` writes: a site that builds at once, and a workflow that publishes it with the
    /// sitegen action at `action` (a placeholder the workflow reports when `nil`).
    public static func site(day: String, action: ActionReference? = nil) -> [File] {
        [
            File(
                path: "site.yml",
                text: """
                    # sitegen settings; every key is described in sitegen's README.
                    title: My Learning Journey
                    description: What I am learning, one project at a time.
                    author: ""
                    # Where the site is published. The GitHub Pages workflow passes the real address with
                    # --base-url, so this matters for other hosts only.
                    base_url: https://example.com/
                    language: en
                    timezone: UTC
                    paginate: 10

                    """),
            File(
                path: "content/posts/hello-world.md",
                text: """
                    ---
                    title: "Hello, world"
                    date: \(day)
                    tags: [meta]
                    project: my-first-project
                    summary: "Why I am keeping a learning journal, and what I want to learn first."
                    ---

                    This journal is where I write down what I learn while I build things.

                    ## What comes next

                    - Pick a first project and write down why.
                    - Post after each session: what worked, what did not, and what I would try next.

                    Create a post with `sitegen new post "Title"`, preview with `sitegen serve`.

                    """),
            File(
                path: "content/projects/my-first-project.md",
                text: """
                    ---
                    title: My first project
                    status: active
                    started: \(day)
                    tech: []
                    summary: "The first thing I am building while I learn."
                    ---

                    Describe the project: what it does, why you are building it, and what done looks like.
                    Posts with `project: my-first-project` appear on its timeline.

                    """),
            File(
                path: "content/pages/about.md",
                text: """
                    ---
                    title: About
                    ---

                    Who you are, what you are learning, and where to find you.

                    """),
            File(path: ".gitignore", text: "# sitegen output and build cache\npublic/\n.public.staging-*\n.sitegen-cache/\n"),
            File(path: ".github/workflows/deploy.yml", text: pagesWorkflow(action: action)),
        ]
    }
}
