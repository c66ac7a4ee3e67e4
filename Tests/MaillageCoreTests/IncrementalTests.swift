import Foundation
import Testing
@testable import MaillageCore

/// A build that reuses the previous build's work (`BuildCache`, as `maillage serve` does) must
/// give what a clean build gives, byte for byte, whatever was edited in between.
@Suite("Incremental builds: the same output as a clean build")
struct IncrementalTests {
    static let date = LocalDate(year: 2026, month: 11, day: 23)!
    static let steps = 30

    /// Every output file, by path, or the diagnostics when the build failed.
    static func outcome(_ report: BuildReport, _ output: URL) throws -> [String: Data] {
        guard report.succeeded else {
            return ["(diagnostics)": Data(report.diagnostics.map { "\($0.location) \($0.code) \($0.message)" }.joined(separator: "\n").utf8)]
        }
        var files: [String: Data] = [:]
        for path in SiteLoader.walk(output, prefix: "") {
            files[path] = try Data(contentsOf: output.appendingPathComponent(path))
        }
        return files
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomEditsGiveTheCleanBuildsOutput(seed: UInt64) throws {
        var files = Sample.files
        files["content/actualites/suite.md"] = """
        ---
        title: La suite
        date: 2026-10-05
        tags: [interconnaissance]
        ---
        ## Détails

        Voir [le lancement](lancement.md) et [l’à propos](../pages/a-propos.md).
        """
        let site = try TestSite(files)
        defer { site.remove() }
        let cache = BuildCache()
        let clean = site.root.appendingPathComponent("clean")
        var random = SeededRandom(state: seed)  // a failing sequence can be replayed
        var markdown = ["content/actualites/lancement.md", "content/actualites/suite.md", "content/evenements/campus.md",
                        "content/comptes-rendus/reunion.md", "content/retex/teleconsultation.md", "content/pages/a-propos.md"]
        var added: [String] = []
        var missing: [String] = []
        func text(_ path: String) throws -> String {
            try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        }
        // Even seeds tell each build which files were written, moved or removed, as the watcher
        // of `maillage serve` does (only those are looked at again); odd seeds give no list.
        var touched = Set<String>()
        func write(_ path: String, _ text: String) throws {
            try site.write(path, text)
            touched.insert(path)
        }
        func move(_ from: String, _ to: String) throws {
            try FileManager.default.moveItem(at: site.root.appendingPathComponent(from), to: site.root.appendingPathComponent(to))
            touched.formUnion([from, to])
        }
        func incremental() -> BuildReport {
            defer { touched = [] }
            return Build.run(BuildOptions(source: site.root, buildDate: Self.date, cache: cache, touched: seed % 2 == 0 ? touched : nil))
        }
        var edits: [String] = []
        var checked = 0
        var reused = 0
        var inPlace = 0
        #expect(incremental().succeeded)
        for step in 0..<Self.steps {
            let target = markdown.randomElement(using: &random)!
            // A renamed page comes back after a while: the site is not broken for good.
            let renamed = site.root.appendingPathComponent("content/pages/qui-sommes-nous.md")
            if FileManager.default.fileExists(atPath: renamed.path), Int.random(in: 0..<3, using: &random) == 0 {
                try move("content/pages/qui-sommes-nous.md", "content/pages/a-propos.md")
                markdown = markdown.map { $0 == "content/pages/qui-sommes-nous.md" ? "content/pages/a-propos.md" : $0 }
                edits.append("retour de l’à propos")
            }
            switch FileManager.default.fileExists(atPath: site.root.appendingPathComponent(target).path) ? Int.random(in: 0..<16, using: &random) : -1 {
            case 0:
                try write(target, try text(target) + "\n\nParagraphe ajouté à l’étape \(step).\n")
                edits.append("paragraphe → \(target)")
            case 1:
                let other = markdown.randomElement(using: &random)!
                let relative = "../" + other.split(separator: "/").dropFirst().joined(separator: "/")
                try write(target, try text(target) + "\n\nVoir aussi [cette page](\(relative)).\n")
                edits.append("lien \(other) → \(target)")
            case 2:
                // A link to a page that does not exist yet: the build fails until it is added.
                let name = "content/actualites/annonce-\(step).md"
                try write(target, try text(target) + "\n\nVoir [l’annonce](../actualites/annonce-\(step).md).\n")
                edits.append("lien vers \(name) (absent) → \(target)")
                missing.append(name)
            case 3:
                var lines = try text(target).components(separatedBy: "\n")
                if let i = lines.firstIndex(where: { $0.hasPrefix("title:") }) { lines[i] = "title: Titre changé \(step)" }
                try write(target, lines.joined(separator: "\n"))
                edits.append("titre → \(target)")
            case 9:
                // The page a link points to appears (or its folder moves under a path): the
                // texts that link to it are unchanged, their links are not.
                if let name = missing.popLast() {
                    try write(name, "---\ntitle: Annonce\ndate: 2026-09-10\n---\nUne annonce.\n")
                    added.append(name)
                    markdown.append(name)
                    edits.append("ajout de la cible \(name)")
                }
            case 10:
                let config = try text("maillage.yaml")
                try write("maillage.yaml", config.contains("/reseau/")
                    ? config.replacingOccurrences(of: "https://test.example.org/reseau/", with: "https://test.example.org/")
                    : config.replacingOccurrences(of: "https://test.example.org/", with: "https://test.example.org/reseau/"))
                edits.append("base_url")
            case 11:
                // A page renamed: links to it break, or work again.
                let old = "content/pages/a-propos.md", new = "content/pages/qui-sommes-nous.md"
                if FileManager.default.fileExists(atPath: site.root.appendingPathComponent(old).path) {
                    try move(old, new)
                    markdown = markdown.map { $0 == "content/pages/a-propos.md" ? "content/pages/qui-sommes-nous.md" : $0 }
                } else {
                    try move(new, old)
                    markdown = markdown.map { $0 == "content/pages/qui-sommes-nous.md" ? "content/pages/a-propos.md" : $0 }
                }
                edits.append("renommage de l’à propos")
            case 4:
                let name = "content/actualites/nouvelle-\(step).md"
                try write(name, "---\ntitle: Nouvelle \(step)\ndate: 2026-11-\(String(format: "%02d", 1 + step % 28))\n---\nVoir [la suite](suite.md#details).\n")
                added.append(name)
                markdown.append(name)
                edits.append("ajout \(name)")
            case 5:
                if let name = added.randomElement(using: &random) {
                    try FileManager.default.removeItem(at: site.root.appendingPathComponent(name))
                    touched.insert(name)
                    added.removeAll { $0 == name }
                    markdown.removeAll { $0 == name }
                    edits.append("suppression \(name)")
                }
            case 6:
                try write("content/annuaire/dac-80.yaml", try text("content/annuaire/dac-80.yaml")
                    .replacingOccurrences(of: "Le **DAC** de la Somme.", with: "Le **DAC** de la Somme, voir [le campus](../evenements/campus.md) \(step)."))
                edits.append("description de dac-80")
            case 7:
                // A heading renamed: `suite.md#details` links break or come back.
                let suite = try text("content/actualites/suite.md")
                try write("content/actualites/suite.md", suite.contains("## Détails")
                    ? suite.replacingOccurrences(of: "## Détails", with: "## Précisions")
                    : suite.replacingOccurrences(of: "## Précisions", with: "## Détails"))
                edits.append("titre de section de suite.md")
            case 8:
                try write(target, try text(target))  // saved without a change
                edits.append("enregistré sans changement \(target)")
            case 12:
                try write("content/annuaire/dac-80.yaml", try text("content/annuaire/dac-80.yaml")
                    .replacingOccurrences(of: #"name: .*"#, with: "name: Structure \(step)", options: .regularExpression))
                edits.append("nom de dac-80")
            case 13:
                try write("content/trombinoscope/claire-martin.yaml", try text("content/trombinoscope/claire-martin.yaml")
                    .replacingOccurrences(of: #"name: .*"#, with: "name: \(["Alice", "Zoé", "Marc"][step % 3]) Martin \(step)", options: .regularExpression)
                    .replacingOccurrences(of: #"role: .*"#, with: "role: Rôle \(step)", options: .regularExpression))
                edits.append("nom et rôle de claire-martin")
            case 14:
                try write("content/evenements/campus.md", try text("content/evenements/campus.md")
                    .replacingOccurrences(of: #"location: .*"#, with: "location: Salle \(step)", options: .regularExpression)
                    .replacingOccurrences(of: #"title: "Atelier.*"#, with: "title: \"Atelier \(step)\"", options: .regularExpression))
                edits.append("lieu et session du campus")
            case 15:
                let tags = ["[interconnaissance]", "[interconnaissance, Santé mentale]", "[téléconsultation]"][step % 3]
                var lines = try text(target).components(separatedBy: "\n")
                if let i = lines.firstIndex(where: { $0.hasPrefix("tags:") }) { lines[i] = "tags: \(tags)" }
                else if lines.first == "---" { lines.insert("tags: \(tags)", at: 1) }
                try write(target, lines.joined(separator: "\n"))
                edits.append("étiquettes → \(target)")
            default:
                break
            }
            let report = incremental()
            try? FileManager.default.removeItem(at: clean)
            let reference = Build.run(BuildOptions(source: site.root, output: clean, buildDate: Self.date))
            let got = try Self.outcome(report, site.output), expected = try Self.outcome(reference, clean)
            #expect(got == expected, "graine \(seed), après : \(edits.joined(separator: " ; "))")
            if got != expected { break }
            checked += 1
            if report.succeeded { reused += 1 }
            if !report.editedInPlace.isEmpty { inPlace += 1 }
        }
        #expect(checked == Self.steps)
        #expect(reused > 0)
        #expect(inPlace > 0, "aucune modification sur place")
    }

    @Test func aBuildWithNothingEditedDoesNothing() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let cache = BuildCache()
        let options = BuildOptions(source: site.root, buildDate: Self.date, cache: cache)
        Thread.sleep(forTimeInterval: 0.15)  // past the racy window of the files just written
        let first = Build.run(options)
        #expect(first.succeeded && !first.unchanged)
        let second = Build.run(options)
        #expect(second.unchanged && second.succeeded)
        // Saved again without a change: compared by content, still nothing to do.
        let about = Sample.files["content/pages/a-propos.md"]!
        try site.write("content/pages/a-propos.md", about)
        #expect(Build.run(options).unchanged)
        // Changed right away, same size, maybe within the same clock tick: rebuilt.
        try site.write("content/pages/a-propos.md", about.replacingOccurrences(of: "nous", with: "noux"))
        let third = Build.run(options)
        #expect(!third.unchanged)
        #expect(try site.page("a-propos/").contains("Qui sommes-noux"))
        // A file added: rebuilt.
        try site.write("content/pages/contact.md", "---\ntitle: Contact\n---\nÉcrivez-nous.\n")
        Thread.sleep(forTimeInterval: 0.15)
        #expect(!Build.run(options).unchanged)
        #expect(try site.page("contact/").contains("Écrivez-nous."))
        #expect(Build.run(options).unchanged)
    }

    /// An edit that keeps each page in its place takes the short way (`InPlaceEdit`): the
    /// pages that show the edited files are made again, and the output is a clean build's.
    /// An edit that moves a page (a date, a tag, a reference, a newly linked file) takes the full way.
    @Test func anEditInPlaceRemakesOnlyThePagesThatShowIt() throws {
        // A second structure, in another territory, with a member: the trombinoscope's page of
        // that territory does not show the members of the first one, but names it in its filters.
        let site = try TestSite(Sample.files.merging([
            "content/annuaire/cpts-arras.yaml": "name: CPTS de l’Arrageois\nkind: CPTS\nterritories: [Arras]\n",
            "content/trombinoscope/jean-dupont.yaml": "name: Jean Dupont\nrole: Coordinateur\nstructures: [cpts-arras]\nconsent: true\n",
        ]) { $1 })
        defer { site.remove() }
        let cache = BuildCache()
        let options = BuildOptions(source: site.root, buildDate: Self.date, cache: cache)
        let clean = site.root.appendingPathComponent("clean")
        Thread.sleep(forTimeInterval: 0.15)  // past the racy window of the files just written
        let first = Build.run(options)
        #expect(first.succeeded)
        func check(_ path: String, _ text: String, short: Bool, remade: ClosedRange<Int>? = nil, _ what: Comment) throws {
            try site.write(path, text)
            let report = Build.run(options)
            #expect(report.succeeded, what)
            #expect(report.editedInPlace == (short ? [path] : []), what)
            if let remade { #expect(remade.contains(report.pagesRemade), "\(what) : \(report.pagesRemade) pages refaites") }
            try? FileManager.default.removeItem(at: clean)
            let reference = Build.run(BuildOptions(source: site.root, output: clean, buildDate: Self.date))
            #expect(try Self.outcome(report, site.output) == Self.outcome(reference, clean), what)
        }
        let news = "content/actualites/lancement.md"
        let text = Sample.files[news]!
        try check(news, text + "\n\n## Suite\n\nUn second paragraphe, avec des mots nouveaux : ornithorynque.\n",
                  short: true, remade: 1...2, "un paragraphe ajouté : sa page, et la page de recherche")
        #expect(try site.page("actualites/lancement/").contains("ornithorynque"))
        try check(news, text + "\n\nUn second paragraphe, sans l’ornithorynque.\n", short: true, remade: 1...2, "un paragraphe changé")
        try check(news, text.replacingOccurrences(of: "Le site est ouvert.", with: "Le site est enfin ouvert."),
                  short: true, remade: 3...(first.pages - 5), "le premier paragraphe, qui résume la page sur les listes")
        try check(news, text.replacingOccurrences(of: "title: Lancement du site", with: "title: Lancement"),
                  short: true, remade: 3...(first.pages - 5), "le titre")
        #expect(try site.page("etiquettes/interconnaissance/").contains("Lancement<"))
        try check(news, text.replacingOccurrences(of: "date: 2026-10-01", with: "date: 2026-10-03"), short: false, "la date")
        try check(news, text.replacingOccurrences(of: "[interconnaissance, Santé mentale]", with: "[interconnaissance]"),
                  short: false, "une étiquette")
        try check("content/pages/a-propos.md", Sample.files["content/pages/a-propos.md"]! + "\n\nVoir le [flyer](../ressources/flyer.pdf).\n",
                  short: false, "un fichier lié de plus, à publier")
        try check("content/pages/a-propos.md", try String(contentsOf: site.root.appendingPathComponent("content/pages/a-propos.md"), encoding: .utf8)
                    .replacingOccurrences(of: "title: À propos", with: "title: Qui sommes-nous"),
                  short: true, remade: (first.pages - 3)...first.pages, "le titre d’une page du pied de page : toutes les pages")
        let structure = "content/annuaire/dac-80.yaml"
        try check(structure, Sample.files[structure]!.replacingOccurrences(of: "Appui Santé Somme", with: "Appui Santé Somme-Oise"),
                  short: true, "le nom d’une structure")
        #expect(try site.page("trombinoscope/").contains("Appui Santé Somme-Oise"))
        #expect(try site.page("trombinoscope/territoire/arras/").contains("Appui Santé Somme-Oise"))
        try check(structure, Sample.files[structure]!.replacingOccurrences(of: "kind: DAC", with: "kind: CPTS"), short: false, "le type d’une structure")
        let person = "content/trombinoscope/claire-martin.yaml"
        try check(person, Sample.files[person]!.replacingOccurrences(of: "Claire Martin", with: "Zoé Martin")
                    .replacingOccurrences(of: "Coordinatrice", with: "Directrice"), short: true, "le nom et le rôle d’une personne")
        #expect(try site.page("evenements/campus/").contains("Zoé Martin"))
        try check(person, Sample.files[person]!.replacingOccurrences(of: "consent: true", with: "consent: false"), short: false, "le consentement")
        let event = "content/evenements/campus.md"
        try check(event, Sample.files[event]!.replacingOccurrences(of: "Artois Expo", with: "Arras")
                    .replacingOccurrences(of: "Atelier 1 : retex", with: "Atelier 1 : retours"), short: true, "le lieu et une session")
        try check(event, Sample.files[event]!.replacingOccurrences(of: "speakers: [claire-martin]", with: "speakers: []"),
                  short: false, "un intervenant de moins")
    }

    /// A site's own templates (`layouts/`) may read other variables than the built-in theme:
    /// what a page depends on is found in its model, whatever its template reads of it. Each
    /// edit, made as under `maillage serve`, gives what a clean build gives.
    @Test func overriddenTemplatesReadingOtherVariablesStayCurrent() throws {
        let layouts = [
            "layouts/card.mustache": "<p class=\"card\">{{dateISO}} {{kindLabel}} <a href=\"{{url}}\">{{title}}</a> — {{summary}}</p>\n",
            "layouts/person.mustache": """
            {{#person}}<h1>{{name}} ({{role}})</h1>{{#structures}}<a href="{{url}}">[{{title}}]</a>{{/structures}}
            {{#related}}<h2>{{heading}}</h2>{{#items}}<a href="{{url}}">{{title}}</a> {{detail}};{{/items}}{{/related}}{{/person}}
            {{#footer}}<a href="{{url}}">{{label}}</a>{{/footer}}

            """,
            "layouts/directory.mustache": """
            {{#list}}{{#groups}}<h2>{{heading}} {{count}}</h2>{{#items}}<li>{{title}}|{{sortStructure}}|{{filterText}}|{{detail}}</li>{{/items}}{{/groups}}
            {{#filters}}{{heading}}:{{#items}}{{label}}({{count}}){{/items}}{{/filters}}{{/list}}

            """,
            "layouts/structure.mustache": "{{#structure}}{{kind}} {{phone}} {{#related}}{{heading}}:{{#items}}{{title}} {{detail}};{{/items}}{{/related}}{{/structure}}\n",
        ]
        let site = try TestSite(Sample.files.merging(layouts) { $1 })
        defer { site.remove() }
        let cache = BuildCache()
        let options = BuildOptions(source: site.root, buildDate: Self.date, cache: cache)
        let clean = site.root.appendingPathComponent("clean")
        Thread.sleep(forTimeInterval: 0.15)  // past the racy window of the files just written
        #expect(Build.run(options).succeeded)
        func check(_ path: String, _ text: String, inPlace: Bool, _ what: Comment) throws {
            try site.write(path, text)
            let report = Build.run(options)
            #expect(report.succeeded, what)
            #expect(report.editedInPlace == (inPlace ? [path] : []), what)
            try? FileManager.default.removeItem(at: clean)
            let reference = Build.run(BuildOptions(source: site.root, output: clean, buildDate: Self.date))
            #expect(try Self.outcome(report, site.output) == Self.outcome(reference, clean), what)
        }
        let structure = "content/annuaire/dac-80.yaml"
        try check(structure, Sample.files[structure]!.replacingOccurrences(of: "Appui Santé Somme", with: "Appui Santé Picardie"),
                  inPlace: true, "le nom d’une structure, lu par les modèles du site")
        #expect(try site.page("trombinoscope/").contains("|Appui Santé Picardie|"))
        #expect(try site.page("trombinoscope/claire-martin/").contains("[Appui Santé Picardie]"))
        let person = "content/trombinoscope/claire-martin.yaml"
        try check(person, Sample.files[person]!.replacingOccurrences(of: "Coordinatrice", with: "Directrice"),
                  inPlace: true, "le rôle d’une personne")
        #expect(try site.page("annuaire/dac-80/").contains("Directrice"))
        let news = "content/actualites/lancement.md"
        try check(news, Sample.files[news]!.replacingOccurrences(of: "Le site est ouvert.", with: "Le site est enfin ouvert."),
                  inPlace: true, "le résumé d’une actualité, montré par la carte du site")
        #expect(try site.page("actualites/").contains("Le site est enfin ouvert."))
        try check(news, Sample.files[news]!.replacingOccurrences(of: "title: Lancement du site", with: "title: Ouverture"),
                  inPlace: true, "le titre d’une actualité")
        try check("layouts/card.mustache", "<p>{{title}} ({{kindLabel}})</p>\n", inPlace: false, "le modèle d’une carte, modifié")
        #expect(try site.page("actualites/").contains("<p>Ouverture (Actualité)</p>"))
    }
}

/// The search index made from the last build's (`SearchIndex.Memo`) must be the index made
/// from nothing, file for file, on an index large enough for many shards and page folders.
@Suite("Search index: an edit gives the index of a clean build")
struct SearchIndexEditTests {
    /// Pages of made-up words (thousands of distinct terms), with tags.
    static func pages(_ count: Int, words: [String], random: inout SeededRandom) -> [SearchDocument] {
        (0..<count).map { page(address: "actualites/page-\($0)/", words: words, random: &random) }
    }

    static func page(address: String, words: [String], random: inout SeededRandom) -> SearchDocument {
        func text(_ n: Int) -> String { (0..<n).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") }
        let title = text(4), body = text(Int.random(in: 20...160, using: &random))
        return SearchDocument(address: address, kind: .news, title: title, dateLabel: nil,
                              fields: [.title: [title], .names: [], .summary: [text(8)], .headings: [text(3)], .body: [body]],
                              text: body, tags: [["a", "b", "c"].randomElement(using: &random)!], territories: [], boost: 1)
    }

    static func files(_ output: SearchIndex.Output) -> [String: Data] {
        var files: [String: Data] = [:]
        for file in output.files { if case .data(let data) = file.contents { files[file.path] = data } }
        return files
    }

    @Test(arguments: [7] as [UInt64])
    func editsGiveTheCleanIndex(seed: UInt64) throws {
        var random = SeededRandom(state: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyzéè")
        let words = (0..<4000).map { _ in String((0..<Int.random(in: 3...11, using: &random)).map { _ in letters.randomElement(using: &random)! }) }
        var docs = Self.pages(400, words: words, random: &random)
        let memo = SearchIndex.Memo()
        let first = SearchIndex.build(docs, memo: memo)
        #expect(first.files.filter { $0.path.contains("/t-") }.count > 5, "plusieurs fichiers de termes")
        #expect(first.files.filter { $0.path.hasSuffix("/0.json") || $0.path.hasSuffix("/64.json") }.count == 2, "deux dossiers de pages")
        var previous = Set(first.files.map(\.path))
        for step in 0..<14 {
            var what = ""
            var edited = 0
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                docs.append(Self.page(address: "actualites/page-neuve-\(step)/", words: words, random: &random))
                what = "une page ajoutée"
            case 1:
                docs.remove(at: Int.random(in: 0..<docs.count, using: &random))
                what = "une page retirée"
            case 2:
                let i = Int.random(in: 0..<docs.count, using: &random)
                docs[i].tags = ["d"]
                what = "une étiquette changée"
            default:
                edited = Int.random(in: 1...3, using: &random)
                for _ in 0..<edited {
                    let i = Int.random(in: 0..<docs.count, using: &random)
                    docs[i] = Self.page(address: docs[i].address, words: words, random: &random)
                }
                what = "des textes changés"
            }
            let before = Self.files(SearchIndex.build(docs))
            let incremental = SearchIndex.build(docs, memo: memo)
            let got = Self.files(incremental)
            #expect(got == before, "graine \(seed), étape \(step) : \(what)")
            if got != before { break }
            // A text changed: its terms' shards, its page folder, the entry are new; the other
            // page folders are kept.
            if edited > 0 {
                let new = got.keys.filter { !previous.contains($0) && $0.contains("/p-") }
                #expect(new.count <= edited * SearchIndex.filesPerFolder, "étape \(step) : \(new.count) fichiers de pages nouveaux")
            }
            previous = Set(got.keys)
        }
    }
}
