#!/usr/bin/env python3
"""Makes the demonstration site's text PDFs (content/ressources/*.pdf), each attached to its
resource card (the .md beside it), so that the search of the repository's site can be tested on
words found only inside a document (Tests/Fixtures/search/questions-documents-depot.tsv).

Their text holds facts the cards do not repeat (a phone extension, a step's name, equipment,
a place, page 2's content): scripts/documents_only_check.py checks that the questions' words
are in no Markdown or YAML text of the site. Deterministic: the same bytes on every run
(reportlab's `invariant`), Helvetica (not embedded), so each file stays under 15 KB.

    python3 -m venv /tmp/pdfq-venv && /tmp/pdfq-venv/bin/pip install reportlab
    /tmp/pdfq-venv/bin/python scripts/make_demo_pdfs.py [content/ressources]

The ICOPE flyer (flyer-icope-step-1.pdf) is not made here.
"""
import os
import sys

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

TEAL = colors.HexColor("#0b5d66")
SAND = colors.HexColor("#f3efe6")

STYLES = {
    "kicker": ParagraphStyle("kicker", fontName="Helvetica-Bold", fontSize=9, leading=12, textColor=TEAL, spaceAfter=2),
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=19, leading=23, spaceAfter=4),
    "sub": ParagraphStyle("sub", fontName="Helvetica", fontSize=10, leading=13, textColor=colors.HexColor("#444444"), spaceAfter=10),
    "h": ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=12.5, leading=16, textColor=TEAL, spaceBefore=8, spaceAfter=4),
    "p": ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=13.5, alignment=TA_LEFT, spaceAfter=4),
    "small": ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10.5, textColor=colors.HexColor("#555555")),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12),
    "cellb": ParagraphStyle("cellb", fontName="Helvetica-Bold", fontSize=9.5, leading=12),
}


def P(text, style="p"):
    return Paragraph(text, STYLES[style])


def bullets(items):
    return ListFlowable([ListItem(P(t), leftIndent=12) for t in items], bulletType="bullet", start="•",
                        leftIndent=12, bulletFontSize=9)


def steps(items):
    return ListFlowable([ListItem(P(t), leftIndent=14) for t in items], bulletType="1", leftIndent=14,
                        bulletFontName="Helvetica-Bold", bulletFontSize=10)


def table(rows, widths):
    data = [[P(a, "cellb"), P(b, "cell")] for a, b in rows]
    t = Table(data, colWidths=widths)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (0, -1), SAND),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#cccccc")),
                           ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return t


def header(kicker, title, sub):
    return [P(kicker, "kicker"), P(title, "title"), P(sub, "sub")]


def footer(text):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(18 * mm, 10 * mm, text)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{doc.page}")
        canvas.restoreState()
    return draw


# --- Fiche réflexe : sortie d'hospitalisation (2 pages) --------------------------------------
def fiche_sortie():
    story = header("FICHE RÉFLEXE — PARCOURS VILLE-HÔPITAL",
                   "Retour à domicile après un séjour à l’hôpital : la personne âgée fragile",
                   "Pour les services hospitaliers, l’équipe de soins de ville et la coordination d’appui. "
                   "Version 3, octobre 2026.")
    story += [P("Avant la sortie (de J-3 à J-1)", "h"), steps([
        "Le service prévient la <b>cellule d’ordonnancement des sorties</b> : poste <b>4417</b> depuis le standard "
        "(demander « ordonnancement »), du lundi au vendredi, 8 h 30 – 17 h.",
        "Faire la <b>conciliation médicamenteuse</b> de sortie : la liste des traitements arrêtés, modifiés ou "
        "ajoutés part le jour même vers le pharmacien d’officine et le médecin traitant.",
        "Commander le matériel : <b>lit médicalisé</b>, <b>matelas anti-escarres</b>, fauteuil garde-robe, "
        "déambulateur. Le prestataire livre en 48 heures ouvrées ; prévoir une personne pour ouvrir.",
        "Si la personne vit seule : <b>téléassistance</b> (boîtier et médaillon) et livraison des repas dès le "
        "premier soir.",
        "Remettre le <b>bon de transport</b> (VSL ou ambulance couchée) et le courrier de sortie.",
    ])]
    story += [P("Le jour de la sortie", "h"), bullets([
        "Sortie avant 14 h de préférence ; <b>jamais un vendredi après 16 h</b> sans relais infirmier confirmé.",
        "<b>Pilulier</b> préparé pour sept jours par l’officine, avec le plan de prise imprimé en gros caractères.",
        "Les clés, le chargeur du téléphone et les lunettes dans le sac : la check-list du verso se remplit "
        "avec la famille.",
    ])]
    story += [Spacer(1, 6), table([
        ("Qui appeler ?", "Poste 4417 : ordonnancement des sorties (jours ouvrés)."),
        ("Soir et week-end", "Cadre de santé de garde, par le standard de l’hôpital."),
        ("Secteur", "Amiens, Doullens, Montdidier et Albert."),
    ], [38 * mm, 130 * mm])]
    story += [PageBreak()]
    story += [P("Les 48 premières heures à domicile", "h"),
              P("Au verso, une check-list à cocher avec la personne et ses proches. Elle est reprise à l’appel de "
                "suivi.")]
    story += [steps([
        "<b>Appel de suivi à J+2</b> par l’infirmière de parcours, avec la grille <b>« Cap Domicile »</b> (12 "
        "questions : traitements, alimentation, douleur, sommeil, moral, aides en place).",
        "Guetter les <b>signes d’alerte</b> : confusion, fièvre, refus alimentaire, essoufflement, douleur non "
        "soulagée. Dans ce cas, appeler l’<b>astreinte gériatrique</b> au <b>03 53 01 27 48</b> (7 jours sur 7, "
        "8 h – 20 h) avant le 15.",
        "<b>Oxygénothérapie</b> : vérifier le concentrateur, la bouteille de secours et le numéro du prestataire.",
        "Pansements : l’ordonnance de sortie précise le <b>protocole de soins de plaie</b> ; l’infirmier libéral "
        "passe dès le lendemain.",
        "Réévaluer le <b>plan d’aide APA</b> dans les quinze jours avec le conseil départemental.",
    ])]
    story += [P("Éviter une réhospitalisation", "h"), P(
        "Un retour aux urgences dans les trente jours survient une fois sur cinq chez les plus de 75 ans. Trois "
        "causes reviennent : un traitement mal compris, une chute la première nuit, un aidant épuisé. Le "
        "<b>kit de sortie</b> (ordonnance, plan de prise, rendez-vous de consultation post-hospitalisation, "
        "coordonnées de l’astreinte) reste sur la table de la cuisine.")]
    return story, "Fiche réflexe — retour à domicile après hospitalisation"


# --- Programme de la journée des aidants (1 page) ---------------------------------------------
def programme_aidants():
    story = header("6 OCTOBRE 2026 — JOURNÉE NATIONALE DES AIDANTS",
                   "Prendre soin de soi pour prendre soin de l’autre",
                   "Une journée gratuite, ouverte à toutes celles et ceux qui accompagnent un proche malade, "
                   "âgé ou en situation de handicap. Salle Robert-Desnos, Longueau.")
    story += [P("Programme", "h"), table([
        ("9 h 00", "Accueil café et village des partenaires : plateforme d’accompagnement et de répit, "
                   "France Alzheimer Somme, UDAF, caisses de retraite."),
        ("9 h 45", "Ouverture par l’élue à la solidarité et la coordinatrice de la CPTS."),
        ("10 h 00", "<b>Théâtre-forum</b> « Et moi, dans tout ça ? » par la compagnie La Belle Échappée : "
                    "le public monte sur scène pour changer la fin."),
        ("11 h 15", "Table ronde : le <b>congé de proche aidant</b> et l’allocation journalière du proche aidant "
                    "(<b>AJPA</b>), avec la CAF et un juriste de l’UDAF."),
        ("12 h 30", "Déjeuner partagé (offert, sur inscription)."),
        ("14 h 00", "Ateliers au choix, 45 minutes, deux rotations : <b>sophrologie</b> et gestion du stress ; "
                    "<b>gestes et postures</b> pour les transferts du lit au fauteuil ; <b>relayage et "
                    "baluchonnage</b> : se faire remplacer quelques jours à la maison ; aménager le logement "
                    "(domotique, chemin lumineux, barres d’appui)."),
        ("16 h 15", "Clôture et goûter ; tirage de la tombola au profit de l’accueil de jour."),
    ], [22 * mm, 146 * mm])]
    story += [P("Pratique", "h"), bullets([
        "<b>Halte-répit</b> toute la journée : votre proche est accueilli par l’équipe de l’accueil de jour "
        "« Les Tilleuls » pendant que vous participez (places limitées, à réserver).",
        "<b>Navette gratuite</b> depuis la gare d’Amiens, départ 8 h 30 et retour 16 h 45.",
        "Inscription avant le 25 septembre, par téléphone à l’accueil de la mairie ou sur place le jour même.",
        "Salle accessible en fauteuil roulant ; boucle magnétique pour les personnes malentendantes.",
    ])]
    story += [Spacer(1, 10), P("Avec le soutien de la conférence des financeurs de la prévention de la perte "
                               "d’autonomie.", "small")]
    return story, "Journée nationale des aidants 2026 — programme"


# --- Charte de la messagerie sécurisée (2 pages) ----------------------------------------------
def charte_messagerie():
    story = header("CHARTE D’USAGE — VERSION ADOPTÉE EN COMITÉ DE PILOTAGE",
                   "Échanger des données de santé entre professionnels du réseau",
                   "Ce que chaque membre s’engage à faire quand il envoie ou reçoit un message sur une personne "
                   "accompagnée.")
    story += [P("1. Le bon canal", "h"), P(
        "Tout message qui contient des données de santé passe par une messagerie de l’espace de confiance "
        "<b>MSSanté</b> : la boîte personnelle du professionnel (par exemple <b>Mailiz</b>, proposée par les "
        "Ordres) ou la <b>boîte organisationnelle</b> de la structure, relevée chaque jour ouvré par deux "
        "personnes au moins.")]
    story += [P("2. Se connecter", "h"), P(
        "Connexion avec la carte CPS ou l’application <b>e-CPS</b>, par <b>Pro Santé Connect</b>. Un identifiant "
        "ne se prête pas, même à une secrétaire : la délégation se règle dans l’annuaire national.")]
    story += [P("3. Écrire", "h"), bullets([
        "Objet : <b>NOM Prénom, date de naissance</b>, puis le motif (« sortie », « demande d’appui »). "
        "Jamais de diagnostic dans l’objet.",
        "Identité vérifiée avec l’<b>INS</b> (identifiant national de santé) qualifiée quand elle existe.",
        "Pièces jointes en PDF, <b>10 Mo au plus</b> par message ; pas de photo de plaie sans l’accord de la "
        "personne.",
        "Demander un <b>accusé de lecture</b> pour toute demande urgente, et téléphoner si rien au bout de "
        "quatre heures.",
    ])]
    story += [P("4. Répondre", "h"), P(
        "Réponse sous <b>48 heures ouvrées</b> ; sous la journée pour une sortie d’hospitalisation. En congé, "
        "un message d’absence qui donne le nom de la collègue qui relève la boîte.")]
    story += [PageBreak()]
    story += [P("5. Ce qui ne passe jamais par la messagerie", "h"), bullets([
        "Les mots de passe, les codes de carte et les codes d’accès au logement (boîtes à clés).",
        "Les <b>captures d’écran</b> d’un dossier patient, et tout échange par <b>SMS</b>, "
        "messagerie grand public ou réseau social, même « en dépannage ».",
        "Les <b>clés USB</b> non chiffrées : pour un gros dossier, utiliser l’outil de transfert de fichiers "
        "sécurisé de la plateforme régionale.",
    ])]
    story += [P("6. En cas d’erreur d’envoi", "h"), P(
        "Un message parti vers le mauvais destinataire est une <b>violation de données</b> : prévenir le jour "
        "même le <b>délégué à la protection des données (DPO)</b> du réseau, qui juge s’il faut la notifier à la "
        "<b>CNIL sous 72 heures</b> et informer la personne. Demander au destinataire de supprimer le message "
        "et de le confirmer par écrit.")]
    story += [P("7. Conserver", "h"), P(
        "Les messages utiles au suivi sont versés au dossier de la personne (logiciel de coordination ou DMP), "
        "puis supprimés de la boîte au bout de <b>douze mois</b>.")]
    story += [Spacer(1, 10), P("Signature du membre : nom, structure, date. Un exemplaire signé est gardé par "
                               "la coordination.", "small")]
    return story, "Charte d'usage de la messagerie de santé du réseau"


# --- Procédure de signalement (2 pages) ---------------------------------------------------------
def procedure_signalement():
    story = header("PROCÉDURE — QUALITÉ ET SÉCURITÉ DES PARCOURS",
                   "Vous êtes témoin d’un événement grave ou d’une situation de danger : qui prévenir, comment ?",
                   "À afficher dans les bureaux de coordination. Relue par le groupe qualité inter-structures.")
    story += [P("En cas de danger immédiat", "h"), P(
        "Appeler le <b>17</b> ou le <b>112</b> ; pour un mineur, le <b>119</b>. Puis écrire au "
        "<b>procureur de la République</b> ; le signalement n’attend pas l’accord de la hiérarchie.")]
    story += [P("Trois situations, trois circuits", "h"), table([
        ("Événement indésirable grave associé aux soins (EIGS)",
         "Déclaration sur le <b>portail national des signalements</b> (volet 1 sans délai), puis analyse "
         "approfondie transmise à l’ARS dans les trois mois (volet 2)."),
        ("Maltraitance d’une personne âgée ou handicapée",
         "Conseil et écoute au <b>3977</b> (numéro national, du lundi au vendredi) ; signalement au conseil "
         "départemental ; si la personne vit en établissement, à l’ARS."),
        ("Enfant en danger ou en risque de l’être",
         "<b>Information préoccupante</b> transmise à la <b>CRIP</b> (cellule de recueil des informations "
         "préoccupantes) du département, avec les faits observés, datés, sans interprétation."),
    ], [52 * mm, 116 * mm])]
    story += [P("Écrire les faits", "h"), bullets([
        "Ce qui a été vu ou entendu, avec les mots de la personne entre guillemets.",
        "La date, l’heure, le lieu, les témoins ; jamais d’hypothèse sur l’auteur.",
    ])]
    story += [PageBreak()]
    story += [P("Dans le réseau : déclarer pour apprendre", "h"), P(
        "Les dysfonctionnements de parcours sans gravité (un courrier de sortie perdu, une visite oubliée, "
        "une double prescription) se déclarent sur la <b>fiche de déclaration interne</b> (FDI), envoyée à la "
        "<b>référente gestion des risques</b> sous huit jours. Elle est anonyme : on ne nomme jamais le "
        "professionnel en cause.")]
    story += [steps([
        "La référente accuse réception et classe l’événement selon sa gravité (échelle de 1 à 5).",
        "Les événements de gravité 3 et plus sont analysés avec la <b>méthode ALARM</b> (facteurs liés au "
        "patient, à la tâche, à l’individu, à l’équipe, à l’environnement, à l’organisation).",
        "Le <b>CREX</b> (comité de retour d’expérience) se tient chaque trimestre, en visioconférence, un "
        "mardi à 12 h 30 ; il choisit une action corrective par événement et un pilote.",
        "Une <b>revue de morbi-mortalité</b> commune ville-hôpital est organisée deux fois par an.",
    ])]
    story += [P("Ce que la déclaration n’est pas", "h"), P(
        "Ni une sanction ni une plainte : elle sert à corriger une organisation. Un professionnel qui "
        "déclare de bonne foi est protégé.")]
    return story, "Procédure de signalement des événements indésirables et situations de danger"


DOCUMENTS = {
    "fiche-reflexe-sortie-hospitalisation.pdf": fiche_sortie,
    "programme-journee-des-aidants-2026.pdf": programme_aidants,
    "charte-messagerie-securisee.pdf": charte_messagerie,
    "procedure-signalement.pdf": procedure_signalement,
}


def make(path, story, title):
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=18 * mm, title=title, author="Réseau des coordos", subject=title,
                            creator="scripts/make_demo_pdfs.py", invariant=1)
    draw = footer("Réseau des coordos — Grand Est et Hauts-de-France · " + title)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "content", "ressources"))
    for name, fn in DOCUMENTS.items():
        story, title = fn()
        path = os.path.join(out, name)
        make(path, story, title)
        print(f"{path}: {os.path.getsize(path)} octets")


if __name__ == "__main__":
    main()
