import Testing
@testable import MaillageCore

@Suite("French dates and ISO parsing")
struct DatesTests {
    @Test(arguments: [
        ("2026-12-01", "mardi 1er décembre 2026"),
        ("2025-12-01", "lundi 1er décembre 2025"),
        ("2026-04-10", "vendredi 10 avril 2026"),
        ("2024-02-29", "jeudi 29 février 2024"),
        ("2026-08-15", "samedi 15 août 2026"),
    ])
    func longDates(iso: String, french: String) throws {
        let date = try DateParser.parseDateTime(iso).get().date
        #expect(FrenchDates.long(date) == french)
    }

    @Test func ranges() throws {
        let start = try DateParser.parseDateTime("2026-04-10T09:00").get()
        let end = try DateParser.parseDateTime("2026-04-10T17:30").get()
        #expect(FrenchDates.range(start, end) == "vendredi 10 avril 2026, 9 h – 17 h 30")
        let two = try DateParser.parseDateTime("2026-06-02").get()
        let one = try DateParser.parseDateTime("2026-06-01").get()
        #expect(FrenchDates.range(one, two) == "du lundi 1er au mardi 2 juin 2026")
    }

    @Test(arguments: [
        ("2026-13-45", DateParseError.month(13)),
        ("2026-02-30", DateParseError.day(30, month: 2, year: 2026)),
        ("2026-02-30T25:00", DateParseError.day(30, month: 2, year: 2026)),
        ("2026-02-03T25:00", DateParseError.time),
        ("1er décembre", DateParseError.format),
        ("2026/12/01", DateParseError.format),
    ])
    func impossibleDates(text: String, error: DateParseError) {
        guard case .failure(let e) = DateParser.parseDateTime(text) else {
            Issue.record("\(text) should not parse")
            return
        }
        #expect(e == error)
    }

    @Test func timesAndOffsets() throws {
        #expect(try DateParser.parseTime("09:30").get() == LocalTime(hour: 9, minute: 30))
        #expect(try DateParser.parseTime("9h30").get() == LocalTime(hour: 9, minute: 30))
        let zoned = try DateParser.parseDateTime("2026-04-10T09:30:00+02:00").get()
        #expect(zoned.utcOffsetMinutes == 120)
        #expect(zoned.time == LocalTime(hour: 9, minute: 30))
    }

    @Test func epochDaysRoundTrip() {
        for days in stride(from: -1000, to: 30000, by: 37) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(LocalDate(daysSinceEpoch: 0).description == "1970-01-01")
    }

    @Test(arguments: [("Santé mentale", "sante-mentale"), ("Hauts-de-France", "hauts-de-france"), ("Cœur HdF", "coeur-hdf"), ("  ", "")])
    func slugs(text: String, slug: String) {
        #expect(Slug.make(text) == slug)
    }

    /// Slugs of French text are made without Foundation when they can be: the same slugs.
    @Test func slugsMadeQuicklyAreFoundationsSlugs() {
        let letters = "àâäáãåÀÂÄÁÃÅçÇéèêëÉÈÊËîïíìÎÏÍÌñÑôöóòõÔÖÓÒÕùûüúÙÛÜÚÿýŸÝ"
        var texts = ["Santé mentale", "Évènement à Saint-Dié-des-Vosges", "ÉTÉ 2026 : l’accès aux soins", "Ça, c’est fait !",
                     "Réunion n° 3 — compte rendu", "Cœur", "Noël & Pâques", "e\u{301}te\u{301}", "Ÿvon Ñuñez", "--a--b--", "123 Rue"]
        texts += letters.map { "mot\($0)mot \($0)" }
        for text in texts {
            #expect(Slug.make(text) == Slug.throughFoundation(text), "\(text)")
        }
        // Other scripts are transliterated, where Foundation's folding alone left nothing (issue 21).
        #expect(Slug.throughFoundation("日本") == "" && Slug.make("日本") == "ri-ben")
    }
}

@Suite("Dates written the French way")
struct FrenchDateReaderTests {
    @Test(arguments: [
        ("Réunion du mardi 1er décembre 2026 à la mairie", "2026-12-01"),
        ("Compte rendu – 01/12/2026", "2026-12-01"),
        ("publié le 1 déc. 2026", "2026-12-01"),
        ("le 3 MARS 2026 à 14h", "2026-03-03T14:00"),
        ("Jeudi 12 novembre 2026, 9 h 30", "2026-11-12T09:30"),
        ("le 15 fevrier 2027", "2027-02-15"),
        ("séance du 5.6.26", "2026-06-05"),
        ("15/01/2027 9h30", "2027-01-15T09:30"),
        ("le 14 août 2026 de 10:00 à 12:00", "2026-08-14T10:00"),
    ])
    func firstDateInText(text: String, iso: String) throws {
        let found = try #require(FrenchDateReader.first(in: text))
        #expect(found.value.description == iso)
    }

    @Test(arguments: ["le 31/02/2026", "version 1.2.3", "2 personnes sur 15", "page 12/40", "le 3 mars", "tel 01.02.03.04.05"])
    func notADate(text: String) {
        #expect(FrenchDateReader.first(in: text) == nil)
    }

    @Test func theWrittenTextIsTheOriginal() throws {
        let found = try #require(FrenchDateReader.first(in: "Réunion du Mardi 1er Décembre 2026."))
        #expect(found.written == "Mardi 1er Décembre 2026")
        #expect(FrenchDateReader.read("  15/01/2027 9h30 ")?.description == "2027-01-15T09:30")
        #expect(FrenchDateReader.read("le 15/01/2027") == nil)
    }

    @Test func frontMatterHelpGivesTheValueToWrite() throws {
        var files = Sample.files
        files["content/evenements/plen.md"] = "---\ntitle: Plénière\nstart: 15/01/2027 9h30\n---\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        let error = try #require(report.errors.first { $0.code == "invalid-date" })
        #expect(error.location.line == 3)
        #expect(error.help == "écrivez 2027-01-15T09:30 à la place (vendredi 15 janvier 2027 à 9 h 30)")
    }
}
