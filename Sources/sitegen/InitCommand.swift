import ArgumentParser
import Foundation
import SitegenCore

/// `sitegen init`: a new site that builds at once.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new site: site.yml, a first post, project and About page, .gitignore and a GitHub Pages workflow.",
        discussion: "Existing files are never replaced: if any of them exists, nothing is written.")

    @Argument(help: "The folder to create the site in.")
    var directory = "."

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The sitegen GitHub Action the deploy workflow uses, as OWNER/NAME@COMMIT.",
            discussion:
                "Without it: the GitHub remote and commit of the sitegen checkout this binary was built in, or what scripts/install.sh recorded; else a placeholder that the workflow reports."
        ))
    var action: String?

    func run() async throws {
        let root = URL(fileURLWithPath: directory)
        let today = CalendarDate(Date(), in: TimeZone(identifier: "UTC") ?? .current).isoDay
        let reference: ActionReference?
        if let action {
            guard let parsed = ActionReference(action) else {
                throw ValidationError("--action must be OWNER/NAME@COMMIT with a 40-digit commit hash, not `\(action)`")
            }
            reference = parsed
        } else {
            reference = ActionReference.discover(executable: Bundle.main.executablePath ?? CommandLine.arguments[0])
        }
        do {
            let written = try Scaffold.write(Scaffold.site(day: today, action: reference), under: root)
            for path in written { print("created \(root.appendingPathComponent(path).path)") }
            if let reference {
                print("The deploy workflow builds sitegen with the action at \(reference).")
            } else {
                print(
                    "warning: the deploy workflow names a placeholder for the sitegen action; edit .github/workflows/deploy.yml or run init with --action OWNER/NAME@COMMIT"
                )
            }
            print("Next: cd \(directory) && sitegen serve")
        } catch let conflict as Scaffold.Conflict {
            FileHandle.standardError.write(Data((conflict.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// `sitegen new post|project`: a content file with its front matter filled in.
struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a post or a project.", subcommands: [NewPost.self, NewProject.self])
}

/// Options shared by `new post` and `new project`.
struct SiteFolderOption: ParsableArguments {
    @Option(name: .long, help: "The site's folder.")
    var source = "."

    /// Today in the site's time zone, `YYYY-MM-DD`.
    func today() -> String {
        let config = URL(fileURLWithPath: source).appendingPathComponent("site.yml")
        let text = (try? String(contentsOf: config, encoding: .utf8)) ?? ""
        return CalendarDate(Date(), in: SiteConfig.parse(text, path: "site.yml").0.timeZone).isoDay
    }

    /// Writes `file` and prints its path, or fails with one line if it exists.
    func create(_ file: Scaffold.File) throws {
        let root = URL(fileURLWithPath: source)
        do {
            try Scaffold.write([file], under: root)
            print(root.appendingPathComponent(file.path).path)
        } catch let conflict as Scaffold.Conflict {
            FileHandle.standardError.write(Data((conflict.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

struct NewPost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "post", abstract: "Create content/posts/<slug>.md dated today.")

    @Argument(help: "The post's title.")
    var title: String

    @Option(name: .long, help: "The slug of the project the post belongs to.")
    var project: String?

    @Option(name: .long, help: "Tags, separated by commas.")
    var tags: String?

    @Flag(name: .long, help: "Mark the post as a draft.")
    var draft = false

    @OptionGroup var site: SiteFolderOption

    func validate() throws {
        guard !Slug.make(title).isEmpty else { throw ValidationError("the title needs a letter or a digit to make a file name from") }
    }

    func run() async throws {
        let tagList = (tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try site.create(Scaffold.post(title: title, day: site.today(), tags: tagList, project: project, draft: draft))
    }
}

struct NewProject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "project", abstract: "Create content/projects/<slug>.md.")

    @Argument(help: "The project's name.")
    var name: String

    @OptionGroup var site: SiteFolderOption

    func validate() throws {
        guard !Slug.make(name).isEmpty else { throw ValidationError("the name needs a letter or a digit to make a file name from") }
    }

    func run() async throws {
        try site.create(Scaffold.project(name: name, day: site.today()))
    }
}
