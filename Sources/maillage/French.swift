import Foundation

/// The argument parser's English, told in French: its errors (`Unknown option`, `Missing
/// value`…) and the headings and standard lines of its help.
enum French {
    /// Whole phrases first (with what they quote), then the headings.
    private static var phrases: [(Regex<AnyRegexOutput>, String)] { [
        (#"Error: "#, "Erreur : "),
        (#"Usage: "#, "Utilisation : "),
        (#"See '([^']*)' for more information\."#, "Voir « $1 » pour plus d’informations."),
        (#"See '([^']*)' for detailed help\."#, "Voir « $1 » pour l’aide détaillée."),
        (#"Unknown option '([^']*)'"#, "option inconnue « $1 »"),
        (#"Unknown options: (.*)"#, "options inconnues : $1"),
        (#"Missing value for '([^']*)'"#, "valeur manquante pour « $1 »"),
        (#"Missing expected argument '([^']*)'"#, "argument manquant « $1 »"),
        (#"Missing expected arguments? (.*)"#, "arguments manquants : $1"),
        (#"Unexpected arguments? '([^']*)'"#, "argument inattendu « $1 »"),
        (#"Unexpected arguments?: (.*)"#, "arguments inattendus : $1"),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "la valeur « $1 » ne convient pas à « $2 »"),
        (#"Duplicate key '([^']*)'"#, "option répétée « $1 »"),
        (#"Did you mean '([^']*)'\?"#, "Vouliez-vous dire « $1 » ?"),
        (#"Help:  "#, "Aide :  "),
        (#"Show the version\."#, "Affiche la version."),
        (#"Show help information\."#, "Affiche cette aide."),
        (#"\(default: ([^)]*)\)"#, "(par défaut : $1)"),
        (#"\(default\)"#, "(par défaut)"),
        (#"(?m)^OVERVIEW:"#, "DESCRIPTION :"),
        (#"(?m)^USAGE:"#, "UTILISATION :"),
        (#"(?m)^ARGUMENTS:"#, "ARGUMENTS :"),
        (#"(?m)^OPTIONS:"#, "OPTIONS :"),
        (#"(?m)^SUBCOMMANDS:"#, "SOUS-COMMANDES :"),
        (#"<subcommand>"#, "<sous-commande>"),
    ].map { (try! Regex($0.0), $0.1) } }

    static func translate(_ text: String) -> String {
        var text = text
        for (pattern, template) in phrases {
            text = text.replacing(pattern) { match in
                var out = template
                for i in stride(from: match.output.count - 1, through: 1, by: -1) {
                    out = out.replacingOccurrences(of: "$\(i)", with: match.output[i].substring.map(String.init) ?? "")
                }
                return out
            }
        }
        return text
    }
}
