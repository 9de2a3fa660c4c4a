"""The one catalogue of texts users see: Swedish by default, English available.

Every sheet name, column header, finding message and command message comes
from here. ``texts(lang)`` returns a :class:`Texts` that formats a key with
``str.format`` fields: ``t("missing-comment", status="Försenad")``.

A text that shows a count has two forms, ``key.one`` and ``key.other``, and is
asked for by its bare key with a ``count`` field: ``t("cli.generated", count=1,
outbox=...)`` gives "Skapade 1 arbetsbok …". A text with two counts takes the
second as a counted phrase of its own (``count.warnings``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_LANGUAGE = "sv"

SV: dict[str, str] = {
    # --- sheet names -------------------------------------------------------
    "sheet.settings": "Inställningar",
    "sheet.goals": "Mål",
    "sheet.activities": "Aktiviteter",
    "sheet.departments": "Avdelningar",
    "sheet.statuses": "Statusar",
    "sheet.levels": "Bedömningar",
    "sheet.assessment": "Målbedömning",
    "sheet.instructions": "Instruktioner",
    "sheet.lists": "Listor",
    "sheet.overview": "Översikt",
    "sheet.deviations": "Avvikelser",
    "sheet.findings": "Brister",
    "sheet.received": "Inkomna",
    "sheet.texts": "Texter",
    "sheet.summary": "Sammanfattning",
    "sheet.report": "Rapport",
    # --- column headers ----------------------------------------------------
    "col.setting": "Inställning",
    "col.value": "Värde",
    "col.kf_id": "KF-mål-id",
    "col.kf_title": "KF-mål",
    "col.goal_id": "Utvecklingsmål-id",
    "col.goal_title": "Utvecklingsmål",
    "col.owner": "Ansvarig",
    "col.activity_id": "Aktivitets-id",
    "col.activity": "Aktivitet",
    "col.department": "Avdelning",
    "col.end": "Slutdatum",
    "col.planned_end": "Planerat slutdatum",
    "col.status": "Status",
    "col.comment": "Kommentar",
    "col.contact": "Kontaktperson",
    "col.email": "E-post",
    "col.needs_comment": "Kräver kommentar",
    "col.finished": "Avslutad",
    "col.colour": "Färg",
    "col.level": "Bedömning",
    "col.counts_as_met": "Räknas som uppfyllt",
    "col.analysis": "Analys",
    "col.source": "Källfil",
    "col.severity": "Allvarlighet",
    "col.code": "Kod",
    "col.file": "Fil",
    "col.sheet": "Blad",
    "col.cell": "Cell",
    "col.message": "Meddelande",
    "col.subject": "Avser",
    "col.finding_data": "Meddelandets data (malxl)",
    "col.nr": "Nr",
    "col.about": "Gäller",
    "col.todo": "Vad behöver göras",
    "col.answered": "Svarat",
    "col.file_used": "Fil som används",
    "col.activities": "Aktiviteter",
    "col.errors": "Fel",
    "col.warnings": "Varningar",
    "col.deviations": "Avvikelser",
    "col.period": "Period",
    "col.saved": "Sparad",
    "col.sha256": "SHA-256",
    "col.used": "Används",
    "col.count": "Antal",
    "col.text_key": "Text",
    "col.text": "Innehåll",
    # --- settings names ----------------------------------------------------
    "setting.organisation": "Organisation",
    "setting.period": "Period",
    "setting.report_date": "Rapportdatum",
    "setting.deadline": "Sista svarsdag",
    "setting.coordinator": "Samordnare",
    "setting.coordinator_email": "Samordnarens e-post",
    "setting.password": "Lösenord",
    "setting.language": "Språk",
    # --- values ------------------------------------------------------------
    "yes": "Ja",
    "no": "Nej",
    "severity.error": "Fel",
    "severity.warning": "Varning",
    "severity.info": "Info",
    "not_assessed": "Ej bedömt",
    "total": "Totalt",
    "used": "Ja",
    "not_used": "Nej: {reason}",
    "reason.duplicate": "äldre version, {used} används",
    "reason.same_bytes": "samma innehåll som {other}",
    "reason.finding": "se Brister ({code})",
    "new_activity_id": "{department} ny {n}",
    "foreign_activity_id": "{id} ({department})",
    # --- department workbook -----------------------------------------------
    "dept.title": "{organisation}: {period}, {department}",
    "dept.activities_hint": "Fyll i Status, Slutdatum och Kommentar för varje aktivitet. Sista svarsdag {deadline}. Se bladet Instruktioner.",
    "dept.assessment_hint": "Bedöm de utvecklingsmål som er avdelning ansvarar för: välj Bedömning och skriv en kort analys.",
    "dept.no_goals": "Er avdelning ansvarar inte för något utvecklingsmål i den här uppföljningen.",
    "dept.goal_ref": "{id} {title}",
    "dept.previous_value": "{value} ({year})",
    "dept.indicators_hint": "Skriv värdet för {year} i Värde för varje indikator (ett tal, t.ex. 41,5) och gärna en kommentar. Förra värdet är det senast kända.",
    "instr.indicators": "Innan du sparar: skriv på bladet Indikatorer värdet för {year} för varje indikator som er avdelning rapporterar, ett tal (t.ex. 41,5).",
    "input.status.title": "Status",
    "input.status": "Välj status i listan.",
    "input.end.title": "Slutdatum",
    "input.end": "Skriv ett datum, t.ex. {example}.",
    "input.comment.title": "Kommentar",
    "input.comment": "Krävs när status är {statuses}.",
    "input.level.title": "Bedömning",
    "input.level": "Välj bedömning i listan.",
    "input.goal.title": "Utvecklingsmål",
    "input.goal": "Välj utvecklingsmål i listan, eller skriv id:n åtskilda med komma (2.5.1, 2.6.1).",
    "error.goal.title": "Okänt utvecklingsmål",
    "error.goal": "Välj ett utvecklingsmål i listan eller skriv dess id. Klicka OK för att behålla det du skrev.",
    "input.department": "Välj en avdelning i listan (bladet Avdelningar).",
    "input.date.title": "Datum",
    "error.department.title": "Okänd avdelning",
    "error.department": "Avdelningen finns inte i bladet Avdelningar. Lägg till den där först, eller klicka Ja för att behålla det du skrev.",
    "error.status.title": "Ogiltig status",
    "error.status": "Välj en status i listan.",
    "error.end.title": "Ogiltigt datum",
    "error.end": "Skriv ett datum, t.ex. {example}.",
    "error.level.title": "Ogiltig bedömning",
    "error.level": "Välj en bedömning i listan.",
    "input.indicator_value.title": "Värde",
    "input.indicator_value": "Skriv ett tal, t.ex. 41,5.",
    "error.indicator_value.title": "Inget giltigt värde",
    "error.indicator_value": "Skriv ett tal, t.ex. 41,5.",
    "error.indicator_between": "Skriv ett tal från {minimum} till {maximum}.",
    "error.indicator_at_least": "Skriv ett tal som är minst {minimum}.",
    "error.indicator_at_most": "Skriv ett tal som är högst {maximum}.",
    "instr.heading": "Så fyller du i målrapporten",
    "instr.intro": (
        "Den här arbetsboken gäller {department} i {organisation}, {period}. "
        "Rapporten avser läget per {report_date}."
    ),
    "instr.deadline": "Skicka tillbaka arbetsboken till {coordinator} ({email}) senast {deadline}.",
    "instr.deadline_none": "Skicka tillbaka arbetsboken till {coordinator} ({email}).",
    "instr.steps": (
        "1. Gå till bladet Aktiviteter. Välj Status för varje aktivitet i listan.\n"
        "2. Ange Slutdatum som ett datum (t.ex. {example}). Ändra det om aktiviteten har fått ett nytt slutdatum.\n"
        "3. Skriv en kort Kommentar om hur arbetet går. Kommentar krävs för statusar som markeras nedan; "
        "cellen blir röd tills du har skrivit en.\n"
        "4. Har ni fler aktiviteter? Skriv dem på de tomma raderna under listan: ett eget Aktivitets-id (t.ex. "
        "ert avdelningsnamn och ett nummer, inte ett id som redan finns i listan), välj Utvecklingsmål i listan "
        "(eller skriv målens id åtskilda med komma, t.ex. 2.5.1, 2.6.1), skriv Aktivitet och fyll i Status, "
        "Slutdatum och Kommentar.\n"
        "5. Ansvarar ni för ett utvecklingsmål? Bedöm det på bladet Målbedömning och skriv en kort analys.\n"
        "6. Spara arbetsboken som .xlsx och skicka den. Byt gärna inte namn på blad eller kolumner."
    ),
    "instr.statuses": "Statusar",
    "instr.levels": "Bedömningar",
    "instr.needs_comment": "Kräver kommentar",
    "instr.finished": "Avslutad",
    "instr.counts_as_met": "Räknas som uppfyllt",
    # --- findings ------------------------------------------------------------
    "finding.missing-comment": "Status {status} kräver en kommentar. Skriv vad som avviker och vad som görs i Kommentar.",
    "finding.invalid-status": "{value!r} är ingen giltig status. Välj en av: {allowed}.",
    "finding.missing-status": "Status saknas för aktivitet {activity}. Välj en status i listan.",
    "finding.invalid-date": "{value!r} är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. {example}.",
    "finding.missing-date": "Slutdatum saknas för aktivitet {activity}. Ange ett datum, t.ex. {example}.",
    "finding.overdue": "Slutdatum {end} har passerat (rapportdatum {report_date}) men status är {status}. Ange nytt slutdatum eller ändra status.",
    "finding.changed-date": "Slutdatum ändrat från {planned} till {end}.",
    "finding.missing-submission": "{department} har inte svarat. Skicka en påminnelse till {contact}.",
    "finding.missing-submission-activities": "Aktivitet {activities} lades till i planen efter att arbetsboken skapades och saknar svar. Skicka en ny arbetsbok med malxl generate.",
    "finding.duplicate-submission": "{department} har skickat flera arbetsböcker. {used} (sparad {saved}) används; {others} används inte.",
    "finding.duplicate-tie": "{department} har skickat flera arbetsböcker med samma sparade tid ({saved}): {files}. Ta bort den som inte ska användas.",
    "finding.unknown-file": "Filen är ingen arbetsbok från malxl ({reason}). Skapa arbetsböcker med malxl generate.",
    "finding.wrong-plan": "Arbetsboken gäller {organisation}, {period}, men planen gäller {plan_organisation}, {plan_period}. Skicka rätt arbetsbok till avdelningen.",
    "finding.unknown-department": "Arbetsboken gäller avdelning {department}, som inte finns i planen.",
    "finding.unreadable-file": "Filen går inte att läsa ({reason}). Be avdelningen spara om den i Excel och skicka igen.",
    "finding.unknown-activity": "Raden {activity!r} finns inte i planen och har lagts till av avdelningen. Den tas med; lägg in den i planen om den ska följas upp.",
    "finding.missing-activity": "Aktivitet {activity} ({title}) skickades till avdelningen men saknas i svaret. Be avdelningen lägga tillbaka raden.",
    "finding.deleted-activity": "Raden för aktivitet {activity} ({title}) saknas på bladet Aktiviteter: den har tagits bort. Avdelningens svar finns kvar i sammanställningen och räknas: status {status!r}, slutdatum {end}. malxl collect skriver tillbaka raden med det svaret; annars lägg tillbaka den (ångra borttagningen i Excel). En aktivitet som inte längre ska följas upp tas bort ur planen inför nästa omgång.",
    "finding.deleted-activity-unanswered": "Raden för aktivitet {activity} ({title}) saknas på bladet Aktiviteter: den har tagits bort. Avdelningen har inte svarat för den, så den räknas som ej rapporterad. malxl collect skriver tillbaka raden; annars lägg tillbaka den (ångra borttagningen i Excel). En aktivitet som inte längre ska följas upp tas bort ur planen inför nästa omgång.",
    "finding.changed-text": "{column} har ändrats från {planned!r} till {value!r}. Planens text behålls; ändra planen om den nya texten ska gälla.",
    "finding.invalid-assessment": "{value!r} är ingen giltig bedömning. Välj en av: {allowed}.",
    "finding.missing-assessment": "Utvecklingsmål {goal} saknar bedömning. Välj en bedömning i Målbedömning.",
    "finding.edit-conflict": "Avdelningen har lämnat ett nytt svar för {column} ({new!r}) som ersätter samordnarens ändring {old!r}. Gör om ändringen om den ska gälla.",
    "finding.skipped-file": "Filen hoppades över ({reason}).",
    "finding.missing-sheet": "Bladet {sheet!r} saknas; hittade: {found}. Byt tillbaka namnet på bladet.",
    "finding.missing-column": "Kolumnen {column!r} saknas i bladet {sheet!r}. Lägg tillbaka kolumnen med rubriken {column!r}.",
    "finding.duplicate-activity": "Aktivitet {activity} förekommer flera gånger; raden {first} används.",
    "reason.lock_file": "Excels låsfil",
    "reason.lo_lock_file": "LibreOffices låsfil",
    "reason.hidden_file": "dold fil",
    "reason.not_xlsx": "inte en arbetsbok som malxl läser (.xlsx, .xlsm, .xls eller .ods)",
    "reason.no_identity": "bladet med malxl-identitet saknas",
    "reason.folder": "mapp; malxl läser bara filer direkt i inkorgen",
    # --- a hostile inbox ---------------------------------------------------------
    "finding.protected-file": "Arbetsboken är skyddad med lösenord och kan inte läsas. Be avdelningen skicka en kopia utan lösenord (i Excel: Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, töm fältet och spara; i LibreOffice: Arkiv > Spara som, ta bort bocken vid Spara med lösenord).",
    "finding.rejected-file": "Filen lästes inte, för att skydda körningen: {reason}. Be avdelningen öppna arbetsboken i Excel, spara den som .xlsx och skicka den igen.",
    "finding.macros-ignored": "Arbetsboken innehåller makron. De har inte körts och ingenting av dem följer med; bara cellernas värden har lästs. Be avdelningen spara som .xlsx nästa gång.",
    "finding.other-format": "Arbetsboken är sparad som {format} och har lästs, men i det formatet går formler utan sparat värde och felvärden inte att upptäcka. Be avdelningen spara som .xlsx nästa gång.",
    "finding.uncalculated-formula": "{column} innehåller en formel som aldrig har räknats ut, så värdet är okänt (inte tomt). Öppna arbetsboken i Excel, spara den och skicka den igen, eller skriv värdet i stället för formeln.",
    "finding.error-value": "{column} visar felvärdet {value}. Skriv värdet i stället för en formel.",
    "finding.merged-cells": "Cellerna {cells} är sammanfogade; bara värdet i {first} läses. Dela upp cellerna och fyll i varje cell.",
    "finding.stray-cells.one": "{count} cell långt utanför tabellen lästes inte: {cells}. Ta bort den (Ctrl+End visar den sista använda cellen).",
    "finding.stray-cells.other": "{count} celler långt utanför tabellen lästes inte: {cells}. Ta bort dem (Ctrl+End visar den sista använda cellen).",
    "finding.truncated-text": "{column} är {length} tecken lång men en cell rymmer {limit}; resten har kapats. Hela texten finns kvar i den arkiverade filen.",
    "finding.foreign-id": "Aktivitets-id {activity} tillhör {owner} och kan inte ta emot svar härifrån. Raden har tagits med som en aktivitet avdelningen har lagt till, med id {new}.",
    "finding.foreign-id-earlier": "Aktivitets-id {activity} användes senast i {period} och kan inte tas för en ny aktivitet. Raden har tagits med som en aktivitet avdelningen har lagt till, med id {new}.",
    "finding.missing-goal": "Den tillagda aktiviteten {activity!r} har inget känt utvecklingsmål ({value}). Den redovisas under Tillagda aktiviteter utan utvecklingsmål; ange Utvecklingsmål-id i Aktiviteter om den hör till ett mål.",
    "finding.empty-submission": "{file} är inte ifylld (allt står som när arbetsboken skapades) och räknas inte som ett svar från {department}. Be om ett ifyllt svar.",
    "finding.future-saved-time": "Den sparade tiden i filen ({saved}) ligger mer än ett dygn efter körningen och kan inte stämma. Filen rangordnas efter när den kom till inkorgen ({arrived}).",
    "reason.system_file": "systemfil",
    "reason.macos_debris": "macOS-rester från en zip-fil",
    "reason.link": "länk; kopiera själva filen till inkorgen",
    "reason.not_regular": "ingen vanlig fil",
    "reason.empty": "filen är tom, 0 byte",
    "reason.text_file": "det är {kind} med filändelsen {suffix}, ingen arbetsbok",
    "reason.other_document": "det är {kind}, ingen arbetsbok",
    "reason.unknown_format": "okänt filformat, ingen arbetsbok",
    "reason.truncated": "filen är ofullständig; den har troligen klippts av vid nedladdning eller kopiering",
    "reason.zip_not_workbook": "det är ett zip-arkiv men ingen arbetsbok (innehåller {parts})",
    "reason.damaged": "delen {part} är skadad ({what}); filen har troligen skadats vid kopiering eller sparats av ett program med fel",
    "damage.xml": "dess XML är ogiltig",
    "damage.cut": "den är avklippt",
    "damage.header": "dess rubrik i zip-filen saknas",
    "damage.deflate": "den packade datan är trasig",
    "damage.size": "den är inte så stor som den uppger",
    "damage.crc": "dess kontrollsumma stämmer inte",
    "reason.old_excel": "det är en arbetsbok i ett mycket gammalt Excel-format (Excel 4 eller äldre), som malxl inte läser",
    "reason.xlsb": "det är en binär Excel-arbetsbok (.xlsb), ett format som malxl inte läser",
    "reason.reader": "filen ser ut som {format} men är skadad eller sparad på ett sätt som malxl inte kan läsa",
    "reason.vanished": "filen försvann ur inkorgen medan den lästes",
    "reason.no_permission": "malxl har inte behörighet att läsa filen",
    "reason.os_error": "filen kunde inte läsas från disken",
    "reason.skipped": "hoppades över: {reason}",
    "reason.password": "skyddad med lösenord",
    "reason.too_large": "filen är {size}; gränsen är {limit}",
    "reason.unpacked": "innehållet packas upp till {size}; gränsen är {limit}",
    "reason.ratio": "delen {part} packas upp till {size}, {ratio} gånger sin packade storlek; gränsen är {limit} gånger (en zip-bomb)",
    "reason.lying_size": "delen {part} packas upp till mer än en megabyte utöver de {size} den uppger (en zip-bomb)",
    "reason.too_many_parts": "paketet har {count} delar; gränsen är {limit}",
    "reason.odd_zip": "paketet är packat på ett sätt som Excel aldrig gör (delen {part} {what})",
    "zip.twice": "finns två gånger",
    "zip.encrypted": "är krypterad med zip",
    "zip.method": "är packad med en annan metod än Excels",
    "reason.xml_entities": "delen {part} deklarerar en DOCTYPE eller XML-entiteter, som kan användas för att överbelasta datorn eller läsa andra filer",
    "reason.crashed": "läsaren kraschade på filen; den är troligen skadad eller gjord för att krascha läsare",
    "reason.timeout": "läsningen tog mer än {seconds} sekunder",
    "reason.memory": "läsningen behövde mer än {limit} MB minne",
    "reason.changed": "filen ändrades medan den lästes; kör collect igen",
    "kind.csv": "en CSV-fil",
    "kind.html": "en webbsida (HTML)",
    "kind.xml": "en XML-fil",
    "kind.xml_spreadsheet": "ett XML-kalkylark (Excel 2003)",
    "kind.text": "en textfil",
    "kind.pdf": "en PDF",
    "kind.rtf": "ett RTF-dokument",
    "kind.image": "en bild",
    "kind.archive": "ett komprimerat arkiv",
    "kind.word": "ett Word-dokument",
    "kind.powerpoint": "en PowerPoint-presentation",
    "kind.opendocument": "ett textdokument (OpenDocument)",
    "format.xls": "Excel 97–2003 (.xls)",
    "format.ods": "OpenDocument (.ods)",
    "format.xlsx": "Excel (.xlsx)",
    "reason.pdf_timeout": "tog längre än {seconds} s",
    "reason.no_pdf": "ingen PDF skrevs",
    # --- report ------------------------------------------------------------
    "report.title": "Måluppföljning {period}",
    "report.subtitle": "{organisation}, läget per {report_date}",
    "report.summary_total.one": "Av totalt {count} utvecklingsmål",
    "report.summary_total.other": "Av totalt {count} utvecklingsmål",
    # {total} is report.summary_total; the forms follow {count}, the goals assessed as met
    "report.summary_sentence.one": "{total} är {count} bedömt som {met_levels} och {not_met} som {not_met_levels}.",
    "report.summary_sentence.other": "{total} är {count} bedömda som {met_levels} och {not_met} som {not_met_levels}.",
    "report.summary_unassessed.one": " {count} utvecklingsmål är ännu inte bedömt.",
    "report.summary_unassessed.other": " {count} utvecklingsmål är ännu inte bedömda.",
    # {total} is report.indicators_total; the forms follow {count}, the indicators that reach their targets
    "report.indicators_total.one": "Av {count} indikator",
    "report.indicators_total.other": "Av {count} indikatorer",
    "report.indicators_sentence.one": "{total} når {count} sitt målvärde.",
    "report.indicators_sentence.other": "{total} når {count} sina målvärden.",
    "report.indicators_heading": "Indikatorer",
    "report.kolada_source": "Källa: Kolada",
    "report.indicator_no_values": "Inga värden ännu.",
    "report.comparison_target": "{comparison} (målvärde)",
    "report.comparison_unit": "Jämförelse ({unit})",
    "doc.indicator_caption": "Indikator {id}: {title}",
    "report.or": "eller",
    "report.no_goals_note": (
        "För detta kommunfullmäktigemål har kommunstyrelsen inte antagit något utvecklingsmål. "
        "Därför finns inga aktiviteter planerade."
    ),
    "report.no_activities": "Inga aktiviteter är kopplade till utvecklingsmålet.",
    "report.not_reported": "Ej rapporterat",
    "report.unassigned": "Tillagda aktiviteter utan utvecklingsmål",
    "report.unassigned_hint": "Aktiviteter som avdelningarna har lagt till utan ett känt utvecklingsmål.",
    "report.no_analysis": "Ingen analys.",
    "report.problems": "Kvarstående brister",
    "report.activities_heading": "Verksamhetens aktiviteter",
    "doc.contents": "Innehåll",
    "doc.goals_part": "Redovisning av målarbete",
    "doc.legend": "Bedömningen av varje utvecklingsmål visas med en symbol och ett ord:",
    "doc.activities_caption": "Aktiviteter för utvecklingsmål {id}",
    "doc.chart_title": "Utvecklingsmål per bedömning",
    "doc.deviations": "Aktiviteter med avvikelse",
    "doc.no_deviations": "Ingen aktivitet har en avvikande status.",
    "doc.goal_short": "Mål",
    "doc.level_counts": "Per bedömning: {counts}.",
    "doc.level_count": "{count} {level}",
    "doc.and": "och",
    "doc.page": "Sida",
    "doc.page_of": "av",
    "doc.toc_placeholder": "Innehållsförteckningen uppdateras när dokumentet öppnas i Word.",
    "texts.introduction": "Inledning",
    "texts.closing": "Sammanfattning och analys",
    "texts.default_introduction": (
        "Kommunfullmäktige har antagit ett antal mål. Dessa mål har kommunstyrelsen brutit ner till "
        "utvecklingsmål, som förvaltningen i sin tur har brutit ner till aktiviteter. Den här rapporten "
        "redovisar hur arbetet med aktiviteterna har gått och en bedömning av varje utvecklingsmål."
    ),
    "texts.default_closing": "Skriv samordnarens sammanfattning och analys här.",
    "merged.edit_here": "Visning av aktiviteter med avvikande status. Ändra i bladet Aktiviteter, inte här.",
    "merged.open_in_excel": "{file} är öppen i Excel eller LibreOffice (låsfilen {lock} ligger bredvid): det som läses är filen som den senast sparades, och ändringar som inte har sparats kommer inte med. Spara i Excel och kör igen om de ska med.",
    # --- command output ------------------------------------------------------
    # --- the command line's own words (malxl --help, usage errors) ----------
    "cli.usage": "Användning:",
    "cli.options_metavar": "[FLAGGOR]",
    "cli.command_metavar": "KOMMANDO [ARG]...",
    "cli.options_heading": "Flaggor",
    "cli.commands_heading": "Kommandon",
    "cli.default": "[standard: {default}]",
    "cli.metavar.folder": "MAPP",
    "cli.metavar.file": "FIL",
    "cli.metavar.date": "ÅÅÅÅ-MM-DD",
    "cli.metavar.number": "TAL",
    "cli.metavar.text": "TEXT",
    "cli.arg.directory": "MAPP",
    "cli.arg.plan": "PLAN",
    "cli.arg.inbox": "INKORG",
    "cli.arg.merged": "SAMMANSTÄLLNING",
    "cli.error": "Fel: {message}",
    "cli.try_help": "Prova '{command} {option}' för hjälp.",
    "cli.aborted": "Avbrutet.",
    "cli.missing": "Argumentet {param} saknas.",
    "cli.invalid": "Ogiltigt värde för {param}: {message}",
    "cli.not_a_choice": "välj ett av {choices}.",
    "cli.not_a_number": "ange ett heltal.",
    "cli.not_a_date": "'{value}' är inte ett datum som 2024-03-31.",
    "cli.path_missing": "'{path}' finns inte.",
    "cli.path_is_folder": "'{path}' är en mapp, inte en fil.",
    "cli.path_is_file": "'{path}' är en fil, inte en mapp.",
    "cli.no_such_option": "Det finns ingen flagga {name}.",
    "cli.bad_option": "Flaggan {name} behöver ett värde.",
    "cli.no_such_command": "Det finns inget kommando '{name}'. Se malxl --help.",
    "cli.extra_args": "Ett argument för mycket: {args}",
    "help.option.help": "Visa den här hjälpen och avsluta.",
    "help.option.version": "Visa versionen och avsluta.",
    "help.option.debug": "Visa hela felspårningen, och läsbibliotekets egna ord om en fil det inte kunde läsa.",
    "help.option.lang": "Språk för meddelanden: sv (standard) eller en; eller sätt MALXL_LANG.",
    "help.malxl": (
        "malxl: målrapporter från Excel-arbetsböcker.\n\n"
        "\b\n"
        "malxl init malrapport          ett nytt projekt (Ånges plan 2023)\n"
        "malxl generate plan.xlsx -o utkorg\n"
        "malxl collect inbox            sammanställ de inkomna arbetsböckerna\n"
        "malxl status inbox             vem har svarat\n"
        "malxl feedback sammanstallning.xlsx   återkoppling och påminnelser\n"
        "malxl report sammanstallning.xlsx --pdf\n"
        "malxl next sammanstallning.xlsx ny-omgang --period \"Tertial 1 2024\" --report-date 2024-04-30"
    ),
    "help.next": ("Starta nästa omgång i MAPP från förra omgångens SAMMANSTÄLLNING.\n\n"
                  "Skriver MAPP/plan.xlsx med varje aktivitet som inte är avslutad (med sitt senaste slutdatum), "
                  "raderna avdelningarna lade till som planerade aktiviteter med nya id, och historiken från "
                  "alla tidigare omgångar; en tom inbox/ och LÄSMIG.txt. Skriver aldrig över en plan.\n\n"
                  "Exempel: malxl next sammanstallning.xlsx ../tertial1-2024 --period \"Tertial 1 2024\" "
                  "--report-date 2024-04-30"),
    "help.next.period": "Den nya omgångens period, t.ex. \"Tertial 1 2024\".",
    "help.next.report_date": "Det nya rapportdatumet (ÅÅÅÅ-MM-DD).",
    "help.next.deadline": "Ny sista svarsdag (standard: rapportdatum + 14 dagar).",
    "help.init": ("Gör ett nytt projekt i MAPP: plan.xlsx (Ånges plan 2023), inbox/, LÄSMIG.txt och "
                  "Användarguide.txt. En plan som redan finns behålls som den är.\n\n"
                  "Exempel: malxl init malrapport"),
    "help.init.with_templates": "Kopiera också standardmallarna till MAPP/mallar, för att ändra i dem.",
    "help.generate": ("Skriv en arbetsbok per avdelning från PLAN till utkorgen.\n\n"
                      "Exempel: malxl generate plan.xlsx -o utkorg"),
    "help.generate.outbox": "Mapp för avdelningarnas arbetsböcker (standard: utkorg/ bredvid PLAN).",
    "help.generate.replace": ("Ersätt också arbetsböcker från en annan period i mappen (utan flaggan stannar "
                              "generate och säger vilken period de är från)."),
    "help.generate.templates": "Mapp med egna mallar (xlsx/avdelning.xlsx).",
    "help.collect": ("Läs varje arbetsbok i INKORG, kontrollera, sammanställ och skriv sammanställningen.\n\n"
                     "Avslutar med 0 utan fel, 1 om någon brist är ett fel, 2 om det inte går att köra.\n\n"
                     "Exempel: malxl collect inbox"),
    "help.collect.plan": "Planens arbetsbok (standard: plan.xlsx bredvid INKORG).",
    "help.collect.out": "Sammanställningen (standard: sammanstallning.xlsx bredvid INKORG).",
    "help.collect.as_json": ("Skriv ett JSON-dokument för ett skript i stället för texten: sammanställningen och "
                             "dess säkerhetskopia, vilka avdelningar som har svarat (med filen) och inte, "
                             "sammanfattningsradens antal och varje brist (kod, allvarlighet, plats, meddelande på "
                             "det valda språket, parametrar). Bara ASCII: andra tecken som \\u-koder. Avslutar med "
                             "samma kod som utan --json."),
    "help.kolada": ("Hämta Koladas värden för planens indikatorer och skriv dem i SAMMANSTÄLLNINGs blad Indikatorer.\n\n"
                    "Värdena gäller kommunen och jämförelsen, rapportåret och fyra år före. Svaren sparas i arkiv/kolada/ och "
                    "sammanställningen säkerhetskopieras först; inget annat i den ändras.\n\n"
                    "Avslutar med 2 om Kolada inte går att nå eller en fil inte är ett svar (då ändras inget).\n\n"
                    "Exempel: malxl kolada sammanstallning.xlsx"),
    "help.kolada.url": "Koladas API-adress (standard: https://api.kolada.se/v3), t.ex. en proxy.",
    "help.kolada.saved": ("Läs ett svar som sparats från Koladas API (v2 eller v3) i stället för att hämta; kan "
                          "anges flera gånger. För en dator utan internet."),
    "help.report": ("Skriv rapporten från SAMMANSTÄLLNING: rapport.xlsx, rapport.html, rapport.docx.\n\n"
                    "Avslutar med 1 om fel finns kvar (rapporten skrivs ändå; rapport.xlsx listar dem).\n\n"
                    "Exempel: malxl report sammanstallning.xlsx --pdf"),
    "help.report.out_dir": "Mapp för rapporten (standard: rapport/ bredvid SAMMANSTÄLLNING).",
    "help.report.templates": "Mapp med egna mallar (html/*, docx/rapport.docx); se malxl init --templates.",
    "help.report.pdf": "Skriv också rapport.pdf (kräver Chromium, annars LibreOffice).",
    "help.report.as_json": ("Skriv ett JSON-dokument för ett skript i stället för texten: de skrivna filerna, "
                            "utvecklingsmålen som sammanfattningen räknar dem, sammanfattningsradens antal och varje "
                            "brist som finns kvar (kod, allvarlighet, plats, meddelande på det valda språket, "
                            "parametrar). Bara ASCII: andra tecken som \\u-koder. Avslutar med samma kod som utan "
                            "--json."),
    "help.status": ("Visa vem som har svarat i INKORG: fil, fel, varningar och dagar kvar. Skriver inget.\n\n"
                    "Bristerna räknas som collect skulle räkna dem nu (dina ändringar i sammanställningen med).\n\n"
                    "Avslutar med 0 när alla avdelningar har svarat utan fel, 1 annars, 2 om det inte går att köra."
                    "\n\nExempel: malxl status inbox"),
    "help.status.plan": "Planens arbetsbok (standard: plan.xlsx bredvid INKORG).",
    "help.status.merged": "Sammanställningen vars ändringar räknas (standard: sammanstallning.xlsx bredvid INKORG).",
    "help.status.as_json": ("Skriv ett JSON-dokument för ett skript i stället för tabellen: för varje avdelning "
                            "filen, när den sparades, fel och varningar; sista svarsdag och dagar kvar; "
                            "sammanfattningsradens antal och varje brist (kod, allvarlighet, plats, meddelande på "
                            "det valda språket, parametrar). Bara ASCII: andra tecken som \\u-koder. Avslutar med "
                            "samma kod som utan --json."),
    "help.feedback": (
        "Skriv ett returpaket till varje avdelning som har något att åtgärda eller inte har svarat.\n\n"
        "För var och en: UT/<Avdelning>/ med arbetsboken förifylld med det den skickade (bristerna markerade, "
        "ett första blad Att åtgärda) och ett e-postutkast (.eml) till dess E-post; en påminnelse med den tomma "
        "arbetsboken om den inte har svarat. Med --send skickas e-posten och loggas i UT/skickat.log. "
        "Avslutar med 1 om ett e-brev inte kunde skickas.\n\n"
        "Exempel: malxl feedback sammanstallning.xlsx -o aterkoppling"),
    "help.feedback.out_dir": "Mapp för paketen (standard: aterkoppling/ bredvid SAMMANSTÄLLNING).",
    "help.feedback.departments": "Bara den här avdelningen (kan upprepas).",
    "help.feedback.deadline": "Ny sista svarsdag i arbetsböcker och e-post (standard: Sista svarsdag i planen).",
    "help.feedback.templates": ("Mapp med egna mallar (xlsx/avdelning.xlsx, email/atgarda.txt, "
                                "email/paminnelse.txt)."),
    "help.feedback.send": "Skicka e-posten via SMTP i stället för att skriva utkast.",
    "help.feedback.smtp_host": "SMTP-server (med --send).",
    "help.feedback.smtp_port": "SMTP-port.",
    "help.feedback.smtp_starttls": "Kryptera förbindelsen med STARTTLS.",
    "help.feedback.smtp_user": "SMTP-inloggning; lösenordet läses från $MALXL_SMTP_PASSWORD.",
    "cli.generated.one": "Skapade {count} arbetsbok i {outbox}.",
    "cli.generated.other": "Skapade {count} arbetsböcker i {outbox}.",
    "progress.reading": "Läser inkomna filer: {done} av {total} …",
    "progress.writing": "Skriver arbetsböcker: {done} av {total} …",
    "progress.pdf": "Skriver ut PDF: utskrift {done}, sidor: {pages} …",
    "cli.replaced": "Ersatte: {files}",
    "cli.left_alone": "Andra filer i mappen lämnades orörda: {files}",
    "error.other_period": ("{outbox} har arbetsböcker för perioden {period!r} ({files}), men planen gäller "
                           "{plan_period!r}. Inget har skrivits. Välj en annan mapp med -o, eller ersätt dem med "
                           "--replace."),
    "cli.collected": "Sammanställning skriven: {path}",
    "cli.backup": "Föregående sammanställning sparad som {path}",
    "cli.answered.one": "Svarat: {answered} av {count} avdelning.",
    "cli.answered.other": "Svarat: {answered} av {count} avdelningar.",
    "cli.not_answered": "Inte svarat: {departments}",
    "cli.same_bytes": "Dubblett lagd åt sidan: {file} har samma innehåll som {kept}.",
    "cli.counts": "Brister: {errors}, {warnings}, {infos}.",
    "count.errors.one": "{count} fel",
    "count.errors.other": "{count} fel",
    "count.warnings.one": "{count} varning",
    "count.warnings.other": "{count} varningar",
    "count.infos.one": "{count} info",
    "count.infos.other": "{count} info",
    "cli.stale": (
        "{overview} och {findings} i {merged} räknar fel och varningar som vid den senaste insamlingen, inte som nu. "
        "Kör {command} igen för att uppdatera dem."
    ),
    "cli.stale_collect": "malxl collect {inbox}",
    "cli.stale_collect_out": "malxl collect {inbox} -o {out}",
    "cli.report_written": "Rapport skriven: {path}",
    "cli.init_done": "Nytt projekt i {path}: plan.xlsx, inbox/, LÄSMIG.txt och Användarguide.txt.",
    "cli.init_kept": "{path} fanns redan och behölls som den var.",
    "cli.finding_line": "{severity} [{code}] {where}: {message}",
    "cli.more_findings": "… och {count} till (se bladet Brister).",
    # --- status and feedback (the chase loop) ---------------------------------
    "sheet.todo": "Att åtgärda",
    "todo.title": "Att åtgärda: {department}",
    "todo.hint": (
        "Det här behöver rättas eller kompletteras. Cellerna är markerade med röd ram och har en anteckning; "
        "klicka på cellhänvisningen för att komma dit. Era svar står i arbetsboken så som de står i sammanställningen nu, med samordnarens rättelser. "
        "Rätta, spara och skicka tillbaka arbetsboken till {coordinator} ({email})."
    ),
    "todo.deadline": "Sista svarsdag: {deadline}.",
    "fix.missing-comment": "Status {status} kräver en kommentar. Skriv vad som avviker och vad som görs i Kommentar.",
    "fix.invalid-status": "Status är inte en av de giltiga. Välj en status i listan.",
    "fix.missing-status": "Status saknas. Välj en status i listan.",
    "fix.invalid-date": "Slutdatum saknas eller är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. {example}.",
    "fix.overdue": "Slutdatum har passerat (rapportdatum {report_date}) men aktiviteten är inte avslutad. Ange ett nytt slutdatum eller ändra status.",
    "fix.invalid-assessment": "Bedömningen är inte en av de giltiga. Välj en bedömning i listan.",
    "fix.missing-assessment": "Bedömning saknas. Välj en bedömning i listan och skriv en kort analys.",
    "fix.missing-activity": "Raden saknades i ert svar. Den finns med igen: fyll i Status, Slutdatum och Kommentar.",
    "fix.duplicate-activity": "Aktiviteten fanns på flera rader i ert svar; bara den första raden användes. Kontrollera att svaret stämmer.",
    "fix.missing-sheet": "Ett blad saknades i ert svar (namnet hade ändrats). Den här arbetsboken har alla blad igen; byt inte namn på dem.",
    "fix.missing-column": "En kolumn saknades i ert svar (rubriken hade ändrats). Den här arbetsboken har alla kolumner igen; ändra inte rubrikerna.",
    "fix.missing-submission": "Aktiviteter har lagts till i planen efter att ni fick arbetsboken. De finns med nu: fyll i Status, Slutdatum och Kommentar för dem.",
    "fix.uncalculated-formula": "Cellen {cell} i ert svar innehöll en formel utan värde. Skriv in värdet som text eller datum i stället för en formel.",
    "fix.error-value": "Cellen {cell} i ert svar innehöll ett felvärde (t.ex. #REF!). Skriv in rätt värde.",
    "fix.merged-cells": "Cellerna vid {cell} i ert svar var sammanfogade. Dela upp dem och fyll i varje cell för sig.",
    "fix.truncated-text": "Texten i {cell} i ert svar var längre än en cell rymmer och kortades. Korta texten och kontrollera att inget viktigt föll bort.",
    "fix.invalid-value": "Värdet är inget tal. Skriv ett tal i Värde, t.ex. 41,5.",
    "fix.out-of-range": "Värdet ligger utanför det rimliga för indikatorn. Kontrollera det och skriv rätt värde i Värde.",
    "fix.missing-value": "Värdet för indikatorn saknas. Skriv årets värde i Värde i bladet Indikatorer.",
    "fix.assessment-evidence": "Bedömningen stämmer inte med underlaget (indikatorerna eller aktiviteterna). Se över bedömningen eller förklara i Analys varför den står sig.",
    "status.deadline": "Sista svarsdag {deadline}: {left}.",
    "status.no_deadline": "Ingen sista svarsdag i planen.",
    "status.days_left.one": "{count} dag kvar",
    "status.days_left.other": "{count} dagar kvar",
    "status.today": "sista dagen i dag",
    "status.yesterday": "passerades i går",
    "status.days_ago": "passerades för {days} dagar sedan",
    "status.other_files": "Utan avdelning (filer som inte hör till någon, och Kolada-värden du själv hämtar): {errors}, {warnings}, {infos}.",
    "status.next": "Detaljer: malxl collect {inbox}. Påminnelser och returer: malxl feedback {merged}.",
    "feedback.no_email": "{department} saknar e-postadress i planen (bladet Avdelningar). Fyll i mottagaren i utkastet.",
    "feedback.deadline": "Svarsdag i arbetsböcker och e-post: {deadline}.",
    "feedback.deadline_moved": "Svarsdag i arbetsböcker och e-post: {deadline} (Sista svarsdag {passed} har passerat; idag + {days} dagar. Ange en annan med --deadline ÅÅÅÅ-MM-DD).",
    "feedback.no_recipient": "ingen e-postadress i planen",
    "feedback.other_round": "{department}: filen {file} hör till {period}, inte till den här omgången. Påminnelsen säger det, och att den bifogade {attachment} är den rätta.",
    "feedback.other_plan": "{department}: filen {file} hör till {organisation}, {period}, inte till den här planen. Påminnelsen säger det, och att den bifogade {attachment} är den rätta.",
    "feedback.added_row": "en rad ni har lagt till",
    "cli.feedback_written": "Återkoppling i {path}: att åtgärda {returns}, påminnelser {reminders}.",
    "cli.feedback_none": "Ingen avdelning har något att åtgärda och alla har svarat: inget att skicka.",
    "cli.feedback_return": "{department}: {count} att åtgärda → {path}",
    "cli.feedback_reminder": "{department}: påminnelse → {path}",
    "cli.feedback_sent": "Skickat till {recipient}: {subject}",
    "cli.feedback_failed": "Kunde inte skicka till {recipient}: {reason}. Utkastet ligger i {path}.",
    "cli.feedback_log": "Logg över utskicket: {path}",
    "cli.feedback_stale": "Äldre utkast ligger kvar för {departments}, som inte har något att åtgärda nu.",
    "mail.sent": "skickat",
    "mail.failed": "misslyckades: {reason}",
    "mail.log_header": "tid\tresultat\tmottagare\tämne\tbilaga",
    "error.smtp_password": "Lösenordet för {user} saknas: sätt miljövariabeln MALXL_SMTP_PASSWORD.",
    "error.smtp_connect": "Kan inte ansluta till e-postservern {host}:{port} ({reason}).",
    "error.smtp_login": "E-postservern {host} godtog inte inloggningen för {user} ({reason}).",
    "error.no_sender": "Avsändare saknas: fyll i Samordnarens e-post i planen.",
    "error.send_needs_host": "--send behöver --smtp-host (e-postservern).",
    "error.email_template": "E-postmallen {name} går inte att använda: {reason}",
    "error.unknown_department": "Avdelningen {department!r} finns inte i planen; avdelningar: {departments}.",
    # --- errors that stop a run ---------------------------------------------
    "error.plan_missing_sheet": "{file}: bladet {sheet!r} saknas i planen; hittade: {found}.",
    "error.plan_missing_column": "{file}: kolumnen {column!r} saknas i bladet {sheet!r} (rubrikraden är rad 1).",
    "error.plan_cell": "{file}, blad {sheet!r}, cell {cell}: {problem}",
    "error.plan_unreadable": "{file}: planen går inte att läsa ({reason}).",
    "error.plan_problems.one": "{file}: {count} fel i planen. Rätta det och kör igen:",
    "error.plan_problems.other": "{file}: {count} fel i planen. Rätta dem och kör igen:",
    "error.plan_more.one": "… och {count} fel till.",
    "error.plan_more.other": "… och {count} fel till.",
    "error.output": "Kan inte skriva {path}: {reason}. Stäng filen om den är öppen i Excel och kontrollera att mappen är skrivbar.",
    "error.not_merged": "{file} är ingen sammanställning från malxl collect (bladen med planen saknas).",
    "error.department_workbook": "{file} är arbetsboken för {department}, den som avdelningen fyller i, inte en sammanställning. Kör malxl collect på inkorgen och ge kommandot sammanställningen som collect skriver (sammanstallning.xlsx).",
    "error.merged_unreadable": "{file} går inte att läsa som sammanställning: {reason}. Ge kommandot sammanställningen som malxl collect skriver (sammanstallning.xlsx).",
    "error.merged_plan": "{problem}. Blad vars namn börjar med plan. är dolda och håller planen som sammanställningen gjordes med: kör malxl collect igen så skrivs de om från plan.xlsx, eller visa bladet i Excel (högerklicka på en bladflik och välj Ta fram) och rätta cellen.",
    "error.merged_missing_sheet": "{file}: bladet {sheet!r} saknas, så svaren och dina ändringar där kan inte läsas och rapporten och historiken skulle bli fel. Lägg tillbaka bladet (ångra borttagningen i Excel, eller ta det ur en säkerhetskopia med datum i namnet i samma mapp), eller flytta bort {file} och kör malxl collect, som gör en ny sammanställning av inkorgen.",
    "error.merged_missing_column": "{file}: kolumnen {column!r} saknas i bladet {sheet!r} (rubrikraden är rad 1), så raderna där kan inte läsas. Ge kolumnen tillbaka sin rubrik {column!r}.",
    "error.no_inbox": "Inkorgen {path} finns inte.",
    "error.out_in_inbox": "{path} ligger i inkorgen {inbox}; collect ändrar aldrig inkorgen. Välj en annan plats med -o.",
    "error.unsafe_xml": "Säker XML-tolkning saknas: paketet defusedxml är inte installerat, eller är avstängt för openpyxl (OPENPYXL_DEFUSEDXML). Installera det (pip install defusedxml); malxl läser inga arbetsböcker utan det.",
    "error.template": "Mallen {name} går inte att använda: {reason}. Rätta den, eller ta bort den ur {folder} så används standardmallen.",
    "error.pdf_tool": "Kan inte skapa PDF: varken Chromium (chromium) eller LibreOffice (soffice) finns. Installera ett av dem, t.ex. apt-get install chromium, eller kör utan --pdf.",
    "error.pdf_failed": "Kan inte skapa PDF med {tool}: {reason}",
    # --- outputs: open files, folders, one collect at a time ------------------
    "error.output_open": "{path} är öppen i ett annat program (låsfilen {lock} ligger bredvid). Stäng filen i {program} och kör igen; om inget program har den öppen, ta bort låsfilen {lock}. Inget har skrivits.",
    "program.excel": "Excel eller LibreOffice",
    "program.word": "Word eller LibreOffice",
    "program.any": "LibreOffice",
    "error.output_exists": "{path} finns redan och skrivs inte över.",
    "error.folder": "Kan inte skriva i mappen {path}: {reason}. Välj en annan plats eller kontrollera att du får skriva där.",
    "error.os": "Kan inte använda {path}: {reason}.",
    "error.collect_running": "En annan collect skriver redan {out} (startad {started} av process {pid} på datorn {host}). Vänta tills den är klar och kör igen. Om ingen collect körs, ta bort låsfilen {lock}.",
    "reason.os.denied": "åtkomst nekad (du saknar rätt att skriva där)",
    "reason.os.no_space": "disken är full",
    "reason.os.read_only": "enheten är skrivskyddad",
    "reason.os.too_long": "sökvägen är för lång",
    "reason.os.is_folder": "det är en mapp, inte en fil",
    "reason.os.not_a_folder": "{part} är en fil, inte en mapp",
    "reason.os.not_a_folder_plain": "en del av sökvägen är en fil, inte en mapp",
    "reason.os.missing": "mappen finns inte",
    "problem.same_department": "avdelningen {value!r} har samma namn som {other_value!r} i cell {other} så när som på stora och små bokstäver eller mellanslag, och de skulle bli samma fil i Windows och macOS; ge avdelningarna olika namn eller slå ihop dem",
    "problem.duplicate_id": "id {value!r} förekommer redan i cell {other}",
    "problem.unknown_goal": "utvecklingsmål {value!r} finns inte i bladet Mål",
    "problem.unknown_department": "avdelning {value!r} finns inte i bladet Avdelningar",
    "problem.empty": "värdet saknas",
    "problem.bad_date": "{value!r} är inget datum",
    "problem.bad_bool": "{value!r} ska vara Ja eller Nej",
    "problem.bad_colour": "{value!r} ska vara en färg som RRGGBB",
    "problem.kf_conflict": "KF-mål {value!r} har redan en annan text i cell {other}",
    "problem.no_departments": "inga avdelningar",
    "problem.no_statuses": "inga statusar",
    "problem.no_levels": "inga bedömningar",
    "problem.bad_language": "{value!r} ska vara sv eller en",
    # --- the next round (malxl next) and its history ------------------------
    "sheet.history": "Historik",
    "sheet.changes": "Förändringar",
    "col.kind": "Typ",
    "col.round": "Omgång",
    "col.id": "Id",
    "col.previous_status": "Förra status",
    "col.previous_comment": "Förra kommentaren",
    "col.previous_level": "Förra bedömning",
    "col.change": "Förändring",
    "col.item": "Aktivitet eller mål",
    "col.from": "Från",
    "col.to": "Till",
    "history.activity": "Aktivitet",
    "history.goal": "Utvecklingsmål",
    "history.answer_in": "{value} ({period})",
    "problem.bad_kind": "{value!r} ska vara {allowed}",
    "problem.bad_round": "{value!r} ska vara omgångens nummer (1 för den äldsta)",
    "problem.round_conflict": (
        "omgång {value} för perioden {period!r}, som har omgång {other_value} i cell {other}; ändra inte Omgång"
    ),
    "problem.round_taken": "omgång {value} har redan perioden {period!r} (cell {other}); ändra inte Omgång",
    "change.new-deviation": "Ny avvikelse",
    "change.deviation-ended": "Avvikelsen har upphört",
    "change.status": "Ändrad status",
    "change.moved-date": "Flyttat slutdatum",
    "change.new-activity": "Ny aktivitet",
    "change.assessment": "Ändrad bedömning",
    "change.none": "Inget har ändrats sedan {period}.",
    "change.blank": "(inget)",
    "instr.previous": (
        "Kolumnerna Förra status och Förra kommentaren (och Förra bedömning i bladet Målbedömning) visar vad "
        "ni svarade i {previous} (svarade ni inte då: ert senaste svar, med omgången inom parentes). Slutdatum "
        "är ifyllt med det datum ni angav senast. Ange status för varje "
        "aktivitet igen och ändra det som har förändrats."
    ),
    "dept.previous_hint": "Förra status och Förra kommentaren: ert svar i {previous}.",
    "report.changes_title": "Förändringar sedan förra rapporten",
    "report.changes_sentence": "Sedan {period}: {items}.",
    "report.changes_item": "{what} ({count})",
    "report.trend": "Utveckling",
    "report.trend_item": "{period}: {level}",
    "report.not_assessed": "ej bedömt",
    "cli.next_done": "Ny omgång {period} i {path}: plan.xlsx, inbox/ och LÄSMIG.txt.",
    "cli.next_carried.one": "{count} aktivitet fördes över; {finished} lämnades kvar i {previous}.",
    "cli.next_carried.other": "{count} aktiviteter fördes över; {finished} lämnades kvar i {previous}.",
    "count.finished.one": "{count} avslutad",
    "count.finished.other": "{count} avslutade",
    "cli.next_planned": "  {department}: tillagd rad {old!r} planerad som {id} ({title})",
    "cli.next_unplaced": (
        "  {department}: tillagd rad {old!r} ({title}) har inget utvecklingsmål och fördes inte över; "
        "lägg in den i plan.xlsx om den ska med (med id {id} följer dess svar med i historiken)."
    ),
    "cli.next_errors.one": "Varning: {file} har {count} fel kvar ({codes}); det som rapporterades fördes över ändå.",
    "cli.next_errors.other": "Varning: {file} har {count} fel kvar ({codes}); det som rapporterades fördes över ändå.",
    "cli.next_history_lost": (
        "Varning: {file} har haft en historik (bladet Förändringar eller kolumnen Förra status), men det dolda "
        "bladet plan.Historik saknas, så tidigare omgångars svar följer inte med till {period}. För att få med dem: "
        "ta bort {plan}, kör malxl collect igen (den skriver sammanställningen på nytt med historiken från "
        "omgångens plan.xlsx) och sedan malxl next."
    ),
    "cli.next_edit": "Redigera {plan} i Excel och kör sedan: malxl generate {quoted}",
    "error.next_exists": "{path} finns redan; malxl next skriver inte över en plan. Välj en ny mapp.",
    "setting.municipality": "Kommunkod",
    "setting.comparison": "Jämförelse",
    "sheet.indicators": "Indikatorer",
    "sheet.indicator_values": "Indikatorvärden",
    "col.indicator_id": "Indikator-id",
    "col.indicator": "Indikator",
    "col.unit": "Enhet",
    "col.direction": "Riktning",
    "col.target": "Målvärde",
    "col.indicator_source": "Källa",
    "col.kolada_id": "Kolada-id",
    "col.minimum": "Min",
    "col.maximum": "Max",
    "col.year": "År",
    "col.indicator_value": "Värde",
    "col.comparison": "Jämförelse",
    "col.previous_value": "Förra värdet",
    "col.reaches": "Når målet",
    "col.trend": "Trend",
    "trend.better": "Bättre",
    "trend.same": "Oförändrad",
    "trend.worse": "Sämre",
    "indicator.plan": "Plan",
    "indicator.higher": "Högre är bättre",
    "indicator.lower": "Lägre är bättre",
    "indicator.kolada": "Kolada",
    "indicator.department": "Avdelning",
    "indicator.comparison": "Riket",
    "problem.bad_unit": "{value!r} är ingen kommunkod (fyra siffror, t.ex. 2260; 0000 är hela riket)",
    "problem.bad_direction": "okänd riktning {value!r}; skriv {allowed}",
    "problem.bad_indicator_source": "okänd källa {value!r}; skriv {allowed}",
    "problem.kolada_id_missing": "Kolada-id saknas (källan är Kolada), t.ex. N15428",
    "problem.indicator_department_missing": "avdelningen som rapporterar värdet saknas (källan är Avdelning)",
    "problem.min_above_max": "Min ({minimum}) är större än Max ({maximum})",
    "problem.bad_number": "{value!r} är inget tal",
    "problem.unknown_indicator": "okänd indikator {value!r} (finns inte i bladet Indikatorer)",
    "problem.bad_year": "{value!r} är inget årtal",
    "problem.duplicate_year": "året {value} för indikatorn {indicator} står redan i {other}",
    "finding.invalid-value": "Värdet {value!r} för indikatorn {indicator} är inget tal. Skriv ett tal, t.ex. 41,5.",
    "finding.out-of-range": "Värdet {value} för indikatorn {indicator} ligger utanför det rimliga ({minimum} till {maximum}). Kontrollera värdet.",
    "finding.missing-value": "Indikatorn {indicator} ({title}) saknar värde för {year}. Skriv värdet i bladet Indikatorer.",
    "finding.missing-value-kolada": "Indikatorn {indicator} ({title}) saknar värde för {year} i Kolada ({kolada_id}). Kör malxl kolada när värdet är publicerat.",
    "finding.missing-value-unpublished": "Kolada har ännu inte publicerat {year} för indikatorn {indicator} ({title}, {kolada_id}).",
    "finding.assessment-evidence": "{goal} bedöms som {level} men {reasons}. Se över bedömningen eller förklara i analysen varför den står sig.",
    "evidence.missed": "{indicator} ({title}) {value} når inte målvärdet {target}",
    "evidence.reached": "{indicator} ({title}) {value} når målvärdet {target}",
    "evidence.deviates": "{activity} är {status}",
    "kolada.http_status": "Kolada svarade med fel {status} ({reason}) på {url}. Försök igen senare, eller hämta svaren i en webbläsare och läs in dem med --from.",
    "kolada.timeout": "Kolada svarade inte inom {seconds} sekunder på {url}. Försök igen senare, eller läs in sparade svar med --from.",
    "kolada.unreachable": "Kan inte nå Kolada på {url} ({reason}). Kontrollera internetanslutningen (eller adressen i --url), eller läs in sparade svar med --from.",
    "kolada.not_response": "{source} är inget svar från Koladas API (väntade JSON med en lista values). Spara svaret från en adress av formen …/data/kpi/N15428/municipality/2260,0000/year/2023 som en .json-fil.",
    "kolada.paging": "Kolada slutar aldrig att bläddra: sidan {url} kom igen. Försök igen senare.",
    "kolada.unreadable_file": "Kan inte läsa {source} ({reason}).",
    "kolada.no_municipality": ("Planen i {file} har ingen {setting} (bladet {sheet}). Skriv kommunens fyrsiffriga "
                               "kod (t.ex. 2260 för Ånge) i plan.xlsx och kör malxl collect igen."),
    "kolada.no_indicators": "Planen i {file} har inga indikatorer med källan Kolada; inget hämtades.",
    "kolada.no_sheet": ("{file} har inget blad {sheet} (sammanställningen gjordes innan planen hade indikatorer). "
                        "Kör malxl collect först."),
    "kolada.imported.one": "1 värde ({indicators}, {first}–{last}) skrivet i {file}. Källa: Kolada.",
    "kolada.imported.other": "{count} värden ({indicators}, {first}–{last}) skrivna i {file}. Källa: Kolada.",
    "kolada.nothing_found": "Kolada hade inga värden för planens indikatorer; {file} skrevs om med samma värden. Källa: Kolada.",
    "kolada.archived.one": "Svaret från Kolada sparat i {path} (1 fil).",
    "kolada.archived.other": "Svaren från Kolada sparade i {path} ({count} filer).",
    "error.no_sheet_part": "{file} har inget blad {sheet}.",
    "col.collected_value": "Värde som insamlat",
    "kolada.other_units": "{source} har bara värden för andra kommuner ({found}), inte för {units}. Hämta svaret för planens kommunkod och jämförelse.",
    "error.period_used": "Perioden {period!r} finns redan i historiken i {file}; ange en ny period med --period.",
    "error.period_blank": "Perioden är tom; ange den nya omgångens period med --period, t.ex. --period \"Tertial 2 2024\".",
    "error.next_report_date": ("Rapportdatumet {date} är inte efter förra omgångens ({previous} i {file}); ange ett "
                               "senare datum med --report-date."),
    "error.next_same_folder": ("{path} är förra omgångens mapp (där {file} ligger); malxl next gör en ny mapp för "
                               "nästa omgång. Välj en ny mapp."),
    "error.next_inbox": ("{inbox} innehåller redan filer ({files}); den nya omgångens inbox ska vara tom. "
                         "Välj en ny mapp."),
    "howto": (
        "malxl: så gör du en omgång\n"
        "==========================\n\n"
        "Kommandona skrivs i PowerShell (eller Terminal) i den här mappen. Hjälp: malxl --help,\n"
        "malxl collect -h och så vidare. Hela guiden: Användarguide.txt i den här mappen.\n\n"
        "1. Öppna plan.xlsx i Excel och skriv in era mål, aktiviteter, avdelningar (med e-post)\n"
        "   och Sista svarsdag.\n"
        "2. Skapa en arbetsbok per avdelning:   malxl generate plan.xlsx -o utkorg\n"
        "3. Skicka arbetsböckerna i utkorg\\ till avdelningarna.\n"
        "4. Se vilka som har svarat:   malxl status inbox\n"
        "   (lägg de ifyllda arbetsböckerna i inbox\\ när de kommer; status skriver inget)\n"
        "5. Sammanställ:   malxl collect inbox\n"
        "   Det ger sammanstallning.xlsx. Bladet Brister säger fil, blad och cell för varje brist\n"
        "   och vad som ska göras. Bedöm målen i bladet Målbedömning.\n"
        "6. Skicka tillbaka det som ska åtgärdas och påminn dem som inte har svarat:\n"
        "   malxl feedback sammanstallning.xlsx\n"
        "   Det ger aterkoppling\\<Avdelning>\\ med en förifylld arbetsbok och ett e-postutkast (.eml).\n"
        "7. Kommer fler svar? Lägg dem i inbox\\ och kör collect igen: dina ändringar finns kvar.\n"
        "8. Skapa rapporten:   malxl report sammanstallning.xlsx --pdf\n"
        "   Det ger rapport\\rapport.xlsx, .html, .docx och .pdf.\n"
        "9. Nästa omgång (nästa tertial eller år): malxl next gör en ny projektmapp från den här,\n"
        "   med samma plan och avdelningar; se malxl next -h.\n"
    ),
}

EN: dict[str, str] = {
    "sheet.settings": "Settings",
    "sheet.goals": "Goals",
    "sheet.activities": "Activities",
    "sheet.departments": "Departments",
    "sheet.statuses": "Statuses",
    "sheet.levels": "Assessments",
    "sheet.assessment": "Goal assessment",
    "sheet.instructions": "Instructions",
    "sheet.lists": "Lists",
    "sheet.overview": "Overview",
    "sheet.deviations": "Deviations",
    "sheet.findings": "Findings",
    "sheet.received": "Received",
    "sheet.texts": "Texts",
    "sheet.summary": "Summary",
    "sheet.report": "Report",
    "col.setting": "Setting",
    "col.value": "Value",
    "col.kf_id": "Council goal id",
    "col.kf_title": "Council goal",
    "col.goal_id": "Development goal id",
    "col.goal_title": "Development goal",
    "col.owner": "Owner",
    "col.activity_id": "Activity id",
    "col.activity": "Activity",
    "col.department": "Department",
    "col.end": "End date",
    "col.planned_end": "Planned end date",
    "col.status": "Status",
    "col.comment": "Comment",
    "col.contact": "Contact",
    "col.email": "Email",
    "col.needs_comment": "Requires comment",
    "col.finished": "Finished",
    "col.colour": "Colour",
    "col.level": "Assessment",
    "col.counts_as_met": "Counts as met",
    "col.analysis": "Analysis",
    "col.source": "Source file",
    "col.severity": "Severity",
    "col.code": "Code",
    "col.file": "File",
    "col.sheet": "Sheet",
    "col.cell": "Cell",
    "col.message": "Message",
    "col.subject": "Subject",
    "col.finding_data": "Message data (malxl)",
    "col.nr": "No.",
    "col.about": "Concerns",
    "col.todo": "What to do",
    "col.answered": "Answered",
    "col.file_used": "File used",
    "col.activities": "Activities",
    "col.errors": "Errors",
    "col.warnings": "Warnings",
    "col.deviations": "Deviations",
    "col.period": "Period",
    "col.saved": "Saved",
    "col.sha256": "SHA-256",
    "col.used": "Used",
    "col.count": "Count",
    "col.text_key": "Text",
    "col.text": "Content",
    "setting.organisation": "Organisation",
    "setting.period": "Period",
    "setting.report_date": "Report date",
    "setting.deadline": "Reply deadline",
    "setting.coordinator": "Coordinator",
    "setting.coordinator_email": "Coordinator email",
    "setting.password": "Password",
    "setting.language": "Language",
    "yes": "Yes",
    "no": "No",
    "severity.error": "Error",
    "severity.warning": "Warning",
    "severity.info": "Info",
    "not_assessed": "Not assessed",
    "total": "Total",
    "used": "Yes",
    "not_used": "No: {reason}",
    "reason.duplicate": "older version, {used} is used",
    "reason.same_bytes": "same content as {other}",
    "reason.finding": "see Findings ({code})",
    "new_activity_id": "{department} new {n}",
    "foreign_activity_id": "{id} ({department})",
    "dept.title": "{organisation}: {period}, {department}",
    "dept.activities_hint": "Fill in Status, End date and Comment for each activity. Reply by {deadline}. See the Instructions sheet.",
    "dept.assessment_hint": "Assess the development goals your department owns: choose an Assessment and write a short analysis.",
    "dept.no_goals": "Your department owns no development goal in this follow-up.",
    "dept.goal_ref": "{id} {title}",
    "dept.previous_value": "{value} ({year})",
    "dept.indicators_hint": "Type the {year} value of each indicator in Value (a number, e.g. 41.5) and a comment if you like. Previous value is the last one known.",
    "instr.indicators": "Before you save: on the Indicators sheet, type the {year} value of each indicator your department reports, a number (e.g. 41.5).",
    "input.status.title": "Status",
    "input.status": "Choose a status from the list.",
    "input.end.title": "End date",
    "input.end": "Type a date, e.g. {example}.",
    "input.comment.title": "Comment",
    "input.comment": "Required when the status is {statuses}.",
    "input.level.title": "Assessment",
    "input.level": "Choose an assessment from the list.",
    "input.goal.title": "Development goal",
    "input.goal": "Choose a development goal from the list, or type ids separated by commas (2.5.1, 2.6.1).",
    "error.goal.title": "Unknown development goal",
    "error.goal": "Choose a development goal from the list or type its id. Click OK to keep what you typed.",
    "input.department": "Choose a department from the list (the Departments sheet).",
    "input.date.title": "Date",
    "error.department.title": "Unknown department",
    "error.department": "The department is not in the Departments sheet. Add it there first, or click Yes to keep what you typed.",
    "error.status.title": "Invalid status",
    "error.status": "Choose a status from the list.",
    "error.end.title": "Invalid date",
    "error.end": "Type a date, e.g. {example}.",
    "error.level.title": "Invalid assessment",
    "error.level": "Choose an assessment from the list.",
    "input.indicator_value.title": "Value",
    "input.indicator_value": "Type a number, e.g. 41.5.",
    "error.indicator_value.title": "Invalid value",
    "error.indicator_value": "Type a number, e.g. 41.5.",
    "error.indicator_between": "Type a number from {minimum} to {maximum}.",
    "error.indicator_at_least": "Type a number of at least {minimum}.",
    "error.indicator_at_most": "Type a number of at most {maximum}.",
    "instr.heading": "How to fill in the goal report",
    "instr.intro": (
        "This workbook is for {department} in {organisation}, {period}. "
        "The report speaks for {report_date}."
    ),
    "instr.deadline": "Send the workbook back to {coordinator} ({email}) by {deadline}.",
    "instr.deadline_none": "Send the workbook back to {coordinator} ({email}).",
    "instr.steps": (
        "1. Go to the Activities sheet. Choose a Status for each activity from the list.\n"
        "2. Enter the End date as a date (e.g. {example}). Change it if the activity has a new end date.\n"
        "3. Write a short Comment on how the work is going. A comment is required for the statuses marked below; "
        "the cell turns red until you write one.\n"
        "4. More activities? Write them on the empty rows below the list: an Activity id of your own (e.g. your "
        "department's name and a number, not an id already in the list), choose the Development goal from the "
        "list (or type the goals' ids separated by commas, e.g. 2.5.1, 2.6.1), write the Activity and fill in "
        "Status, End date and Comment.\n"
        "5. Do you own a development goal? Assess it on the Goal assessment sheet with a short analysis.\n"
        "6. Save the workbook as .xlsx and send it. Please do not rename sheets or columns."
    ),
    "instr.statuses": "Statuses",
    "instr.levels": "Assessments",
    "instr.needs_comment": "Requires comment",
    "instr.finished": "Finished",
    "instr.counts_as_met": "Counts as met",
    "finding.missing-comment": "Status {status} requires a comment. Write what deviates and what is being done in Comment.",
    "finding.invalid-status": "{value!r} is not a valid status. Choose one of: {allowed}.",
    "finding.missing-status": "Activity {activity} has no status. Choose a status from the list.",
    "finding.invalid-date": "{value!r} is not a valid date. Write it as YYYY-MM-DD, e.g. {example}.",
    "finding.missing-date": "Activity {activity} has no end date. Enter a date, e.g. {example}.",
    "finding.overdue": "End date {end} has passed (report date {report_date}) but the status is {status}. Give a new end date or change the status.",
    "finding.changed-date": "End date moved from {planned} to {end}.",
    "finding.missing-submission": "{department} has not answered. Send a reminder to {contact}.",
    "finding.missing-submission-activities": "Activity {activities} was added to the plan after the workbook was made and has no answer. Send a new workbook with malxl generate.",
    "finding.duplicate-submission": "{department} sent several workbooks. {used} (saved {saved}) is used; {others} is not.",
    "finding.duplicate-tie": "{department} sent several workbooks with the same saved time ({saved}): {files}. Remove the one that should not be used.",
    "finding.unknown-file": "The file is not a malxl workbook ({reason}). Make workbooks with malxl generate.",
    "finding.wrong-plan": "The workbook is for {organisation}, {period}, but the plan is for {plan_organisation}, {plan_period}. Send the department the right workbook.",
    "finding.unknown-department": "The workbook is for department {department}, which is not in the plan.",
    "finding.unreadable-file": "The file cannot be read ({reason}). Ask the department to save it again in Excel and resend.",
    "finding.unknown-activity": "Row {activity!r} is not in the plan; the department added it. It is kept; add it to the plan if it should be followed up.",
    "finding.missing-activity": "Activity {activity} ({title}) was sent to the department but is missing from the answer. Ask the department to restore the row.",
    "finding.deleted-activity": "The row of activity {activity} ({title}) is missing from the Activities sheet: it has been deleted. The department's answer is still kept in the merged workbook and counts: status {status!r}, end date {end}. malxl collect writes the row back with that answer; otherwise put it back (undo the deletion in Excel). An activity that should no longer be followed up is removed from the plan for the next round.",
    "finding.deleted-activity-unanswered": "The row of activity {activity} ({title}) is missing from the Activities sheet: it has been deleted. The department has not answered for it, so it counts as not reported. malxl collect writes the row back; otherwise put it back (undo the deletion in Excel). An activity that should no longer be followed up is removed from the plan for the next round.",
    "finding.changed-text": "{column} was changed from {planned!r} to {value!r}. The plan's text is kept; change the plan if the new text should apply.",
    "finding.invalid-assessment": "{value!r} is not a valid assessment. Choose one of: {allowed}.",
    "finding.missing-assessment": "Development goal {goal} has no assessment. Choose one in Goal assessment.",
    "finding.edit-conflict": "The department sent a new answer for {column} ({new!r}) that replaces the coordinator's edit {old!r}. Redo the edit if it should apply.",
    "finding.skipped-file": "The file was skipped ({reason}).",
    "finding.missing-sheet": "Sheet {sheet!r} not found; found: {found}. Rename the sheet back.",
    "finding.missing-column": "Column {column!r} is missing from sheet {sheet!r}. Restore the column with the header {column!r}.",
    "finding.duplicate-activity": "Activity {activity} appears more than once; row {first} is used.",
    "reason.lock_file": "Excel lock file",
    "reason.lo_lock_file": "LibreOffice lock file",
    "reason.hidden_file": "hidden file",
    "reason.not_xlsx": "not a workbook malxl reads (.xlsx, .xlsm, .xls or .ods)",
    "reason.no_identity": "the malxl identity sheet is missing",
    "reason.folder": "folder; malxl reads only files directly in the inbox",
    "finding.protected-file": "The workbook is protected with a password and cannot be read. Ask the department to send a copy without a password (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear the field and save; in LibreOffice: File > Save As, untick Save with password).",
    "finding.rejected-file": "The file was not read, to protect the run: {reason}. Ask the department to open the workbook in Excel, save it as .xlsx and send it again.",
    "finding.macros-ignored": "The workbook contains macros. They were not run and nothing of them is carried over; only the cell values were read. Ask the department to save as .xlsx next time.",
    "finding.other-format": "The workbook is saved as {format} and was read, but in that format formulas without a saved result and error values cannot be detected. Ask the department to save as .xlsx next time.",
    "finding.uncalculated-formula": "{column} holds a formula that was never calculated, so its value is unknown (not empty). Open the workbook in Excel, save it and send it again, or type the value instead of the formula.",
    "finding.error-value": "{column} shows the error value {value}. Type the value instead of a formula.",
    "finding.merged-cells": "Cells {cells} are merged; only the value in {first} is read. Unmerge the cells and fill in each one.",
    "finding.stray-cells.one": "{count} cell far outside the table was not read: {cells}. Delete it (Ctrl+End shows the last used cell).",
    "finding.stray-cells.other": "{count} cells far outside the table were not read: {cells}. Delete them (Ctrl+End shows the last used cell).",
    "finding.truncated-text": "{column} is {length} characters long but a cell holds {limit}; the rest was cut off. The whole text is kept in the archived file.",
    "finding.foreign-id": "Activity id {activity} belongs to {owner} and cannot take an answer from here. The row is kept as an activity the department added, with id {new}.",
    "finding.foreign-id-earlier": "Activity id {activity} was last used in {period} and cannot be taken for a new activity. The row is kept as an activity the department added, with id {new}.",
    "finding.missing-goal": "The added activity {activity!r} has no known development goal ({value}). It is listed under Added activities without a development goal; give its Development goal id in Activities if it belongs to a goal.",
    "finding.empty-submission": "{file} is not filled in (everything as when the workbook was made) and does not count as an answer from {department}. Ask for a filled-in answer.",
    "finding.future-saved-time": "The saved time in the file ({saved}) is more than a day after this run and cannot be right. The file is ranked by when it arrived in the inbox ({arrived}).",
    "reason.system_file": "system file",
    "reason.macos_debris": "macOS debris from a zip file",
    "reason.link": "link; copy the file itself into the inbox",
    "reason.not_regular": "not a regular file",
    "reason.empty": "the file is empty, 0 bytes",
    "reason.text_file": "it is {kind} named {suffix}, not a workbook",
    "reason.other_document": "it is {kind}, not a workbook",
    "reason.unknown_format": "unknown file format, not a workbook",
    "reason.truncated": "the file is incomplete; it was probably cut off while downloading or copying",
    "reason.zip_not_workbook": "it is a zip archive but not a workbook (it holds {parts})",
    "reason.damaged": "part {part} is damaged ({what}); the file was probably damaged while copied, or saved by a faulty program",
    "damage.xml": "its XML is not valid",
    "damage.cut": "it is cut off",
    "damage.header": "its header in the zip file is missing",
    "damage.deflate": "its packed data is broken",
    "damage.size": "it is not the size it declares",
    "damage.crc": "its checksum does not match",
    "reason.old_excel": "it is a workbook in a very old Excel format (Excel 4 or earlier), which malxl does not read",
    "reason.xlsb": "it is an Excel binary workbook (.xlsb), a format malxl does not read",
    "reason.reader": "the file looks like {format} but is damaged or saved in a way malxl cannot read",
    "reason.vanished": "the file disappeared from the inbox while it was being read",
    "reason.no_permission": "malxl is not allowed to read the file",
    "reason.os_error": "the file could not be read from the disk",
    "reason.skipped": "skipped: {reason}",
    "reason.password": "protected with a password",
    "reason.too_large": "the file is {size}; the limit is {limit}",
    "reason.unpacked": "its content unpacks to {size}; the limit is {limit}",
    "reason.ratio": "part {part} unpacks to {size}, {ratio} times its packed size; the limit is {limit} times (a zip bomb)",
    "reason.lying_size": "part {part} unpacks to more than a megabyte beyond the {size} it declares (a zip bomb)",
    "reason.too_many_parts": "the package has {count} parts; the limit is {limit}",
    "reason.odd_zip": "the package is packed in a way Excel never does (part {part} {what})",
    "zip.twice": "is there twice",
    "zip.encrypted": "is encrypted by zip",
    "zip.method": "is packed by a method other than Excel's",
    "reason.xml_entities": "part {part} declares a DOCTYPE or XML entities, which can be used to overload the computer or read other files",
    "reason.crashed": "the reader crashed on this file; it is probably damaged or made to crash readers",
    "reason.timeout": "reading took more than {seconds} seconds",
    "reason.memory": "reading needed more than {limit} MB of memory",
    "reason.changed": "the file changed while it was being read; run collect again",
    "kind.csv": "a CSV file",
    "kind.html": "a web page (HTML)",
    "kind.xml": "an XML file",
    "kind.xml_spreadsheet": "an XML spreadsheet (Excel 2003)",
    "kind.text": "a text file",
    "kind.pdf": "a PDF",
    "kind.rtf": "an RTF document",
    "kind.image": "an image",
    "kind.archive": "a compressed archive",
    "kind.word": "a Word document",
    "kind.powerpoint": "a PowerPoint presentation",
    "kind.opendocument": "a text document (OpenDocument)",
    "format.xls": "Excel 97–2003 (.xls)",
    "format.ods": "OpenDocument (.ods)",
    "format.xlsx": "Excel (.xlsx)",
    "reason.pdf_timeout": "took longer than {seconds} s",
    "reason.no_pdf": "no PDF was written",
    "report.title": "Goal follow-up {period}",
    "report.subtitle": "{organisation}, as of {report_date}",
    "report.summary_total.one": "Of {count} development goal in all",
    "report.summary_total.other": "Of {count} development goals in all",
    "report.summary_sentence.one": "{total}, {count} is assessed as {met_levels} and {not_met} as {not_met_levels}.",
    "report.summary_sentence.other": "{total}, {count} are assessed as {met_levels} and {not_met} as {not_met_levels}.",
    "report.summary_unassessed.one": " {count} development goal is not yet assessed.",
    "report.summary_unassessed.other": " {count} development goals are not yet assessed.",
    "report.indicators_total.one": "Of {count} indicator",
    "report.indicators_total.other": "Of {count} indicators",
    "report.indicators_sentence.one": "{total}, {count} reaches its target.",
    "report.indicators_sentence.other": "{total}, {count} reach their targets.",
    "report.indicators_heading": "Indicators",
    "report.kolada_source": "Source: Kolada",
    "report.indicator_no_values": "No values yet.",
    "report.comparison_target": "{comparison} (target)",
    "report.comparison_unit": "Comparison ({unit})",
    "doc.indicator_caption": "Indicator {id}: {title}",
    "report.or": "or",
    "report.no_goals_note": (
        "The board adopted no development goal for this council goal, "
        "so no activities are planned."
    ),
    "report.no_activities": "No activities are linked to this development goal.",
    "report.not_reported": "Not reported",
    "report.unassigned": "Added activities without a development goal",
    "report.unassigned_hint": "Activities the departments added without a known development goal.",
    "report.no_analysis": "No analysis.",
    "report.problems": "Remaining findings",
    "report.activities_heading": "Activities",
    "doc.contents": "Contents",
    "doc.goals_part": "Goal reporting",
    "doc.legend": "The assessment of each development goal is shown with a symbol and a word:",
    "doc.activities_caption": "Activities for development goal {id}",
    "doc.chart_title": "Development goals per assessment",
    "doc.deviations": "Activities with a deviation",
    "doc.no_deviations": "No activity has a deviating status.",
    "doc.goal_short": "Goal",
    "doc.level_counts": "Per assessment: {counts}.",
    "doc.level_count": "{count} {level}",
    "doc.and": "and",
    "doc.page": "Page",
    "doc.page_of": "of",
    "doc.toc_placeholder": "The table of contents is updated when the document is opened in Word.",
    "texts.introduction": "Introduction",
    "texts.closing": "Summary and analysis",
    "texts.default_introduction": (
        "The council adopted goals, which the board broke down into development goals and the "
        "administration into activities. This report shows how the activities have gone and assesses "
        "each development goal."
    ),
    "texts.default_closing": "Write the coordinator's summary and analysis here.",
    "merged.edit_here": "A view of the activities with a deviating status. Edit in the Activities sheet, not here.",
    "merged.open_in_excel": "{file} is open in Excel or LibreOffice (the lock file {lock} lies beside it): what is read is the file as last saved, and changes not saved are not included. Save in Excel and run again if they should be.",
    # --- the command line's own words (malxl --help, usage errors) ----------
    "cli.usage": "Usage:",
    "cli.options_metavar": "[OPTIONS]",
    "cli.command_metavar": "COMMAND [ARGS]...",
    "cli.options_heading": "Options",
    "cli.commands_heading": "Commands",
    "cli.default": "[default: {default}]",
    "cli.metavar.folder": "FOLDER",
    "cli.metavar.file": "FILE",
    "cli.metavar.date": "YYYY-MM-DD",
    "cli.metavar.number": "NUMBER",
    "cli.metavar.text": "TEXT",
    "cli.arg.directory": "FOLDER",
    "cli.arg.plan": "PLAN",
    "cli.arg.inbox": "INBOX",
    "cli.arg.merged": "MERGED",
    "cli.error": "Error: {message}",
    "cli.try_help": "Try '{command} {option}' for help.",
    "cli.aborted": "Aborted.",
    "cli.missing": "Missing argument {param}.",
    "cli.invalid": "Invalid value for {param}: {message}",
    "cli.not_a_choice": "choose one of {choices}.",
    "cli.not_a_number": "give a whole number.",
    "cli.not_a_date": "'{value}' is not a date like 2024-03-31.",
    "cli.path_missing": "'{path}' does not exist.",
    "cli.path_is_folder": "'{path}' is a folder, not a file.",
    "cli.path_is_file": "'{path}' is a file, not a folder.",
    "cli.no_such_option": "There is no option {name}.",
    "cli.bad_option": "The option {name} needs a value.",
    "cli.no_such_command": "There is no command '{name}'. See malxl --help.",
    "cli.extra_args": "One argument too many: {args}",
    "help.option.help": "Show this help and exit.",
    "help.option.version": "Show the version and exit.",
    "help.option.debug": "Show tracebacks, and a reading library's own words about a file it failed on.",
    "help.option.lang": "Language of messages: sv (default) or en; or set MALXL_LANG.",
    "help.malxl": (
        "malxl: goal follow-up reports from Excel workbooks.\n\n"
        "\b\n"
        "malxl init malrapport          a starter project (the Ånge 2023 plan)\n"
        "malxl generate plan.xlsx -o utkorg\n"
        "malxl collect inbox            merge the returned workbooks\n"
        "malxl status inbox             who has answered\n"
        "malxl feedback sammanstallning.xlsx   return workbooks, reminders\n"
        "malxl report sammanstallning.xlsx --pdf\n"
        "malxl next sammanstallning.xlsx ny-omgang --period \"Tertial 1 2024\" --report-date 2024-04-30"
    ),
    "help.next": ("Start the next round in FOLDER from the last round's merged workbook MERGED.\n\n"
                  "Writes FOLDER/plan.xlsx with every activity not finished (with its last end date), the rows "
                  "departments added planned under new ids, and the history of every earlier round; an empty "
                  "inbox/ and LÄSMIG.txt. Never overwrites a plan.\n\n"
                  "Example: malxl next sammanstallning.xlsx ../tertial1-2024 --period \"Tertial 1 2024\" "
                  "--report-date 2024-04-30"),
    "help.next.period": "The new round's period, e.g. \"Tertial 1 2024\".",
    "help.next.report_date": "The new report date (YYYY-MM-DD).",
    "help.next.deadline": "The new reply deadline (default: the report date + 14 days).",
    "help.init": ("Make a starter project in FOLDER: plan.xlsx (the Ånge 2023 plan), inbox/, LÄSMIG.txt and "
                  "Användarguide.txt (the guide, in Swedish). A plan already there is kept as it is.\n\n"
                  "Example: malxl init malrapport"),
    "help.init.with_templates": "Also copy the default templates into FOLDER/mallar for editing.",
    "help.generate": ("Write one workbook per department from PLAN into the outbox.\n\n"
                      "Example: malxl generate plan.xlsx -o utkorg"),
    "help.generate.outbox": "Folder for the department workbooks (default: utkorg/ beside PLAN).",
    "help.generate.replace": ("Also replace workbooks of another period in the folder (without it generate "
                              "stops and says which period they are from)."),
    "help.generate.templates": "Folder with your own templates (xlsx/avdelning.xlsx).",
    "help.collect": ("Read every workbook in INBOX, validate, merge and write the merged workbook.\n\n"
                     "Exits 0 without errors, 1 if any finding is an error, 2 if it cannot run.\n\n"
                     "Example: malxl collect inbox"),
    "help.collect.plan": "The plan workbook (default: plan.xlsx beside INBOX).",
    "help.collect.out": "The merged workbook (default: sammanstallning.xlsx beside INBOX).",
    "help.collect.as_json": ("Print a JSON document for a script instead of the text: the merged workbook and its "
                             "backup, the departments that answered (with the file) and not, the summary line's "
                             "counts and every finding (code, severity, place, message in the chosen language, "
                             "parameters). ASCII only: other characters as \\u escapes. Exits with the same code as "
                             "without --json."),
    "help.kolada": ("Fetch Kolada's values for the plan's indicators and write them to the Indikatorer sheet of MERGED.\n\n"
                    "The values are the municipality's and the comparison's, for the report year and the four "
                    "before it. The responses are kept in arkiv/kolada/ and the merged workbook is backed up first; nothing else "
                    "in it changes.\n\n"
                    "Exits with 2 if Kolada cannot be reached or a file is no response (then nothing changes).\n\n"
                    "Example: malxl kolada sammanstallning.xlsx"),
    "help.kolada.url": "Kolada's API address (default: https://api.kolada.se/v3), e.g. a proxy.",
    "help.kolada.saved": ("Read a response saved from Kolada's API (v2 or v3) instead of fetching; may be given "
                          "several times. For a PC without internet access."),
    "help.report": ("Write the report from the merged workbook MERGED: rapport.xlsx, rapport.html, rapport.docx.\n\n"
                    "Exits 1 if errors remain (the report is still written; rapport.xlsx lists them).\n\n"
                    "Example: malxl report sammanstallning.xlsx --pdf"),
    "help.report.out_dir": "Folder for the report (default: rapport/ beside MERGED).",
    "help.report.templates": "Folder with your own templates (html/*, docx/rapport.docx); see malxl init --templates.",
    "help.report.pdf": "Also write rapport.pdf (needs Chromium, else LibreOffice).",
    "help.report.as_json": ("Print a JSON document for a script instead of the text: the files written, the "
                            "development goals as the summary counts them, the summary line's counts and every "
                            "finding that remains (code, severity, place, message in the chosen language, "
                            "parameters). ASCII only: other characters as \\u escapes. Exits with the same code as "
                            "without --json."),
    "help.status": ("Show who has answered in INBOX: file, errors, warnings and days to the deadline. Writes "
                    "nothing.\n\nThe findings are counted as collect would count them now (your edits in the merged "
                    "workbook included).\n\nExits 0 when every department has answered without errors, 1 otherwise, 2 if it "
                    "cannot run.\n\nExample: malxl status inbox"),
    "help.status.plan": "The plan workbook (default: plan.xlsx beside INBOX).",
    "help.status.merged": "The merged workbook whose edits count (default: sammanstallning.xlsx beside INBOX).",
    "help.status.as_json": ("Print a JSON document for a script instead of the table: for each department the file, "
                            "when it was saved, errors and warnings; the deadline and the days left; the summary "
                            "line's counts and every finding (code, severity, place, message in the chosen language, "
                            "parameters). ASCII only: other characters as \\u escapes. Exits with the same code as "
                            "without --json."),
    "help.feedback": (
        "Write a return package for each department that has something to fix or has not answered.\n\n"
        "For each: OUT/<Avdelning>/ with its workbook pre-filled with what it sent (problem cells marked, a "
        "first sheet Att åtgärda) and an email draft (.eml) to its E-post; a reminder with the blank workbook "
        "if it has not answered. With --send the emails are sent and logged in OUT/skickat.log. Exits 1 if an "
        "email could not be sent.\n\n"
        "Example: malxl feedback sammanstallning.xlsx -o aterkoppling"),
    "help.feedback.out_dir": "Folder for the packages (default: aterkoppling/ beside MERGED).",
    "help.feedback.departments": "Only this department (repeatable).",
    "help.feedback.deadline": "A new reply deadline for workbooks and emails (default: Sista svarsdag in the plan).",
    "help.feedback.templates": ("Folder with your own templates (xlsx/avdelning.xlsx, email/atgarda.txt, "
                                "email/paminnelse.txt)."),
    "help.feedback.send": "Send the emails over SMTP instead of writing drafts.",
    "help.feedback.smtp_host": "SMTP server (with --send).",
    "help.feedback.smtp_port": "SMTP port.",
    "help.feedback.smtp_starttls": "Upgrade the connection with STARTTLS.",
    "help.feedback.smtp_user": "SMTP login; the password is read from $MALXL_SMTP_PASSWORD.",
    "cli.generated.one": "Made {count} workbook in {outbox}.",
    "cli.generated.other": "Made {count} workbooks in {outbox}.",
    "progress.reading": "Reading received files: {done} of {total} …",
    "progress.writing": "Writing workbooks: {done} of {total} …",
    "progress.pdf": "Printing the PDF: printing {done}, pages: {pages} …",
    "cli.replaced": "Replaced: {files}",
    "cli.left_alone": "Other files in the folder were left alone: {files}",
    "error.other_period": ("{outbox} holds workbooks of the period {period!r} ({files}), but the plan is for "
                           "{plan_period!r}. Nothing has been written. Choose another folder with -o, or replace "
                           "them with --replace."),
    "cli.collected": "Merged workbook written: {path}",
    "cli.backup": "Previous merged workbook kept as {path}",
    "cli.answered.one": "Answered: {answered} of {count} department.",
    "cli.answered.other": "Answered: {answered} of {count} departments.",
    "cli.not_answered": "Not answered: {departments}",
    "cli.same_bytes": "Duplicate set aside: {file} has the same content as {kept}.",
    "cli.counts": "Findings: {errors}, {warnings}, {infos}.",
    "count.errors.one": "{count} error",
    "count.errors.other": "{count} errors",
    "count.warnings.one": "{count} warning",
    "count.warnings.other": "{count} warnings",
    "count.infos.one": "{count} info",
    "count.infos.other": "{count} info",
    "cli.stale": (
        "{overview} and {findings} in {merged} count the errors and warnings of the last collect, not those of now. "
        "Run {command} again to bring them up to date."
    ),
    "cli.stale_collect": "malxl collect {inbox}",
    "cli.stale_collect_out": "malxl collect {inbox} -o {out}",
    "cli.report_written": "Report written: {path}",
    "cli.init_done": "New project in {path}: plan.xlsx, inbox/, LÄSMIG.txt and Användarguide.txt.",
    "cli.init_kept": "{path} was there already and is kept as it was.",
    "cli.finding_line": "{severity} [{code}] {where}: {message}",
    "cli.more_findings": "… and {count} more (see the Findings sheet).",
    "sheet.todo": "To fix",
    "todo.title": "To fix: {department}",
    "todo.hint": (
        "These need to be corrected or completed. The cells are marked with a red border and carry a note; "
        "click the cell reference to go there. Your answers are in the workbook as the merged workbook holds them now, the coordinator's corrections included. "
        "Correct, save and send the workbook back to {coordinator} ({email})."
    ),
    "todo.deadline": "Reply deadline: {deadline}.",
    "fix.missing-comment": "Status {status} requires a comment. Write what deviates and what is being done in Comment.",
    "fix.invalid-status": "The status is not a valid one. Choose a status from the list.",
    "fix.missing-status": "The status is missing. Choose a status from the list.",
    "fix.invalid-date": "The end date is missing or not a valid date. Write it as YYYY-MM-DD, e.g. {example}.",
    "fix.overdue": "The end date has passed (report date {report_date}) but the activity is not finished. Give a new end date or change the status.",
    "fix.invalid-assessment": "The assessment is not a valid one. Choose an assessment from the list.",
    "fix.missing-assessment": "The assessment is missing. Choose an assessment from the list and write a short analysis.",
    "fix.missing-activity": "The row was missing from your answer. It is back: fill in Status, End date and Comment.",
    "fix.duplicate-activity": "The activity appeared on several rows in your answer; only the first was used. Check that the answer is right.",
    "fix.missing-sheet": "A sheet was missing from your answer (it had been renamed). This workbook has every sheet again; please do not rename them.",
    "fix.missing-column": "A column was missing from your answer (its header had been changed). This workbook has every column again; please do not change the headers.",
    "fix.missing-submission": "Activities were added to the plan after you received the workbook. They are included now: fill in Status, End date and Comment for them.",
    "fix.uncalculated-formula": "Cell {cell} in your answer held a formula without a value. Type the value as text or a date instead of a formula.",
    "fix.error-value": "Cell {cell} in your answer held an error value (e.g. #REF!). Type the right value.",
    "fix.merged-cells": "The cells at {cell} in your answer were merged. Unmerge them and fill in each cell on its own.",
    "fix.truncated-text": "The text in {cell} in your answer was longer than a cell holds and was cut. Shorten it and check that nothing important was lost.",
    "fix.invalid-value": "The value is no number. Type a number in Value, e.g. 41.5.",
    "fix.out-of-range": "The value lies outside what is plausible for the indicator. Check it and type the right value in Value.",
    "fix.missing-value": "The indicator's value is missing. Type this year's value in Value on the Indicators sheet.",
    "fix.assessment-evidence": "The assessment does not agree with the evidence (the indicators or the activities). Review the assessment or explain in Analysis why it stands.",
    "status.deadline": "Reply deadline {deadline}: {left}.",
    "status.no_deadline": "The plan has no reply deadline.",
    "status.days_left.one": "{count} day left",
    "status.days_left.other": "{count} days left",
    "status.today": "the last day is today",
    "status.yesterday": "passed yesterday",
    "status.days_ago": "passed {days} days ago",
    "status.other_files": "With no department (files that belong to none, and Kolada values you fetch yourself): {errors}, {warnings}, {infos}.",
    "status.next": "Details: malxl collect {inbox}. Reminders and returns: malxl feedback {merged}.",
    "feedback.no_email": "{department} has no email address in the plan (Departments sheet). Fill in the recipient in the draft.",
    "feedback.deadline": "Reply date in workbooks and emails: {deadline}.",
    "feedback.deadline_moved": "Reply date in workbooks and emails: {deadline} (the Reply deadline {passed} has passed; today + {days} days. Give another with --deadline YYYY-MM-DD).",
    "feedback.no_recipient": "no email address in the plan",
    "feedback.other_round": "{department}: the file {file} belongs to {period}, not to this round. The reminder says so, and that the attached {attachment} is the right one.",
    "feedback.other_plan": "{department}: the file {file} belongs to {organisation}, {period}, not to this plan. The reminder says so, and that the attached {attachment} is the right one.",
    "feedback.added_row": "a row you added",
    "cli.feedback_written": "Feedback in {path}: to fix {returns}, reminders {reminders}.",
    "cli.feedback_none": "No department has anything to fix and all have answered: nothing to send.",
    "cli.feedback_return": "{department}: {count} to fix → {path}",
    "cli.feedback_reminder": "{department}: reminder → {path}",
    "cli.feedback_sent": "Sent to {recipient}: {subject}",
    "cli.feedback_failed": "Could not send to {recipient}: {reason}. The draft is in {path}.",
    "cli.feedback_log": "Log of what was sent: {path}",
    "cli.feedback_stale": "Older drafts remain for {departments}, which have nothing to fix now.",
    "mail.sent": "sent",
    "mail.failed": "failed: {reason}",
    "mail.log_header": "time\tresult\trecipient\tsubject\tattachment",
    "error.smtp_password": "The password for {user} is missing: set the environment variable MALXL_SMTP_PASSWORD.",
    "error.smtp_connect": "Cannot connect to the mail server {host}:{port} ({reason}).",
    "error.smtp_login": "The mail server {host} did not accept the login for {user} ({reason}).",
    "error.no_sender": "No sender: fill in the coordinator's email in the plan.",
    "error.send_needs_host": "--send needs --smtp-host (the mail server).",
    "error.email_template": "The email template {name} cannot be used: {reason}",
    "error.unknown_department": "Department {department!r} is not in the plan; departments: {departments}.",
    "error.plan_missing_sheet": "{file}: sheet {sheet!r} is missing from the plan; found: {found}.",
    "error.plan_missing_column": "{file}: column {column!r} is missing from sheet {sheet!r} (the header is row 1).",
    "error.plan_cell": "{file}, sheet {sheet!r}, cell {cell}: {problem}",
    "error.plan_unreadable": "{file}: the plan cannot be read ({reason}).",
    "error.plan_problems.one": "{file}: {count} problem in the plan. Fix it and run again:",
    "error.plan_problems.other": "{file}: {count} problems in the plan. Fix them and run again:",
    "error.plan_more.one": "… and {count} more problem.",
    "error.plan_more.other": "… and {count} more problems.",
    "error.output": "Cannot write {path}: {reason}. Close the file if it is open in Excel and check that the folder is writable.",
    "error.not_merged": "{file} is not a merged workbook from malxl collect (the plan sheets are missing).",
    "error.department_workbook": "{file} is the workbook of {department}, the one the department fills in, not a merged workbook. Run malxl collect on the inbox and give the command the merged workbook collect writes (sammanstallning.xlsx).",
    "error.merged_unreadable": "{file} cannot be read as a merged workbook: {reason}. Give the command the merged workbook malxl collect writes (sammanstallning.xlsx).",
    "error.merged_plan": "{problem}. Sheets whose names begin with plan. are hidden and hold the plan the merged workbook was made with: run malxl collect again to write them anew from plan.xlsx, or show the sheet in Excel (right-click a sheet tab and choose Unhide) and correct the cell.",
    "error.merged_missing_sheet": "{file}: sheet {sheet!r} is missing, so the answers and your edits on it cannot be read and the report and the history would be wrong. Put the sheet back (undo the deletion in Excel, or take it from a backup with a date in its name in the same folder), or move {file} away and run malxl collect, which makes a new merged workbook from the inbox.",
    "error.merged_missing_column": "{file}: column {column!r} is missing from sheet {sheet!r} (the header is row 1), so its rows cannot be read. Give the column back its header {column!r}.",
    "error.no_inbox": "The inbox {path} does not exist.",
    "error.out_in_inbox": "{path} is inside the inbox {inbox}; collect never changes the inbox. Choose another place with -o.",
    "error.unsafe_xml": "Safe XML parsing is missing: the package defusedxml is not installed, or is turned off for openpyxl (OPENPYXL_DEFUSEDXML). Install it (pip install defusedxml); malxl reads no workbooks without it.",
    "error.template": "The template {name} cannot be used: {reason}. Fix it, or remove it from {folder} to use the default template.",
    "error.pdf_tool": "Cannot make a PDF: neither Chromium (chromium) nor LibreOffice (soffice) is installed. Install one, e.g. apt-get install chromium, or run without --pdf.",
    "error.pdf_failed": "Cannot make the PDF with {tool}: {reason}",
    # --- outputs: open files, folders, one collect at a time ------------------
    "error.output_open": "{path} is open in another program (the lock file {lock} lies beside it). Close the file in {program} and run again; if no program has it open, delete the lock file {lock}. Nothing has been written.",
    "program.excel": "Excel or LibreOffice",
    "program.word": "Word or LibreOffice",
    "program.any": "LibreOffice",
    "error.output_exists": "{path} already exists and is not overwritten.",
    "error.folder": "Cannot write in the folder {path}: {reason}. Choose another place or check that you may write there.",
    "error.os": "Cannot use {path}: {reason}.",
    "error.collect_running": "Another collect is already writing {out} (started {started} by process {pid} on the computer {host}). Wait until it is done and run again. If no collect is running, delete the lock file {lock}.",
    "reason.os.denied": "permission denied (you may not write there)",
    "reason.os.no_space": "the disk is full",
    "reason.os.read_only": "the drive is read-only",
    "reason.os.too_long": "the path is too long",
    "reason.os.is_folder": "it is a folder, not a file",
    "reason.os.not_a_folder": "{part} is a file, not a folder",
    "reason.os.not_a_folder_plain": "part of the path is a file, not a folder",
    "reason.os.missing": "the folder does not exist",
    "problem.same_department": "department {value!r} has the same name as {other_value!r} in cell {other} but for upper and lower case or spaces, and they would be one file on Windows and macOS; give the departments different names or merge them",
    "problem.duplicate_id": "id {value!r} already appears in cell {other}",
    "problem.unknown_goal": "development goal {value!r} is not on the Goals sheet",
    "problem.unknown_department": "department {value!r} is not on the Departments sheet",
    "problem.empty": "the value is missing",
    "problem.bad_date": "{value!r} is not a date",
    "problem.bad_bool": "{value!r} should be Yes or No",
    "problem.bad_colour": "{value!r} should be a colour like RRGGBB",
    "problem.kf_conflict": "council goal {value!r} already has another text in cell {other}",
    "problem.no_departments": "no departments",
    "problem.no_statuses": "no statuses",
    "problem.no_levels": "no assessments",
    "problem.bad_language": "{value!r} should be sv or en",
    "sheet.history": "History",
    "sheet.changes": "Changes",
    "col.kind": "Kind",
    "col.round": "Round",
    "col.id": "Id",
    "col.previous_status": "Previous status",
    "col.previous_comment": "Previous comment",
    "col.previous_level": "Previous assessment",
    "col.change": "Change",
    "col.item": "Activity or goal",
    "col.from": "From",
    "col.to": "To",
    "history.activity": "Activity",
    "history.goal": "Development goal",
    "history.answer_in": "{value} ({period})",
    "problem.bad_kind": "{value!r} should be {allowed}",
    "problem.bad_round": "{value!r} should be the round's number (1 for the oldest)",
    "problem.round_conflict": (
        "round {value} for the period {period!r}, which has round {other_value} in cell {other}; leave Round as it is"
    ),
    "problem.round_taken": "round {value} already belongs to the period {period!r} (cell {other}); leave Round as it is",
    "change.new-deviation": "New deviation",
    "change.deviation-ended": "Deviation ended",
    "change.status": "Changed status",
    "change.moved-date": "Moved end date",
    "change.new-activity": "New activity",
    "change.assessment": "Changed assessment",
    "change.none": "Nothing has changed since {period}.",
    "change.blank": "(none)",
    "instr.previous": (
        "The columns Previous status and Previous comment (and Previous assessment on the Assessment sheet) show "
        "what you answered in {previous} (if you did not answer then: your last answer, with its round in "
        "brackets). End date holds the date you gave last. Give every activity's status "
        "again and change what has moved."
    ),
    "dept.previous_hint": "Previous status and Previous comment: your answer in {previous}.",
    "report.changes_title": "Changes since the previous report",
    "report.changes_sentence": "Since {period}: {items}.",
    "report.changes_item": "{what} ({count})",
    "report.trend": "Trend",
    "report.trend_item": "{period}: {level}",
    "report.not_assessed": "not assessed",
    "cli.next_done": "New round {period} in {path}: plan.xlsx, inbox/ and LÄSMIG.txt.",
    "cli.next_carried.one": "{count} activity carried over; {finished} left in {previous}.",
    "cli.next_carried.other": "{count} activities carried over; {finished} left in {previous}.",
    "count.finished.one": "{count} finished one",
    "count.finished.other": "{count} finished ones",
    "cli.next_planned": "  {department}: added row {old!r} planned as {id} ({title})",
    "cli.next_unplaced": (
        "  {department}: added row {old!r} ({title}) has no development goal and was not carried; "
        "add it to plan.xlsx if it belongs (under id {id} its answers in the history come with it)."
    ),
    "cli.next_errors.one": "Warning: {file} has {count} error left ({codes}); what was reported was carried anyway.",
    "cli.next_errors.other": "Warning: {file} has {count} errors left ({codes}); what was reported was carried anyway.",
    "cli.next_history_lost": (
        "Warning: {file} had a history (the Changes sheet or the Previous status column), but its hidden sheet "
        "plan.History is missing, so the earlier rounds' answers are not carried to {period}. To keep them: delete "
        "{plan}, run malxl collect again (it writes the merged workbook anew with the history from the round's "
        "plan.xlsx), then malxl next."
    ),
    "cli.next_edit": "Edit {plan} in Excel, then run: malxl generate {quoted}",
    "error.next_exists": "{path} already exists; malxl next never overwrites a plan. Choose a new folder.",
    "setting.municipality": "Municipality code",
    "setting.comparison": "Comparison",
    "sheet.indicators": "Indicators",
    "sheet.indicator_values": "Indicator values",
    "col.indicator_id": "Indicator id",
    "col.indicator": "Indicator",
    "col.unit": "Unit",
    "col.direction": "Direction",
    "col.target": "Target",
    "col.indicator_source": "Source",
    "col.kolada_id": "Kolada id",
    "col.minimum": "Min",
    "col.maximum": "Max",
    "col.year": "Year",
    "col.indicator_value": "Value",
    "col.comparison": "Comparison",
    "col.previous_value": "Previous value",
    "col.reaches": "Reaches target",
    "col.trend": "Trend",
    "trend.better": "Better",
    "trend.same": "Unchanged",
    "trend.worse": "Worse",
    "indicator.plan": "Plan",
    "indicator.higher": "Higher is better",
    "indicator.lower": "Lower is better",
    "indicator.kolada": "Kolada",
    "indicator.department": "Department",
    "indicator.comparison": "Country",
    "problem.bad_unit": "{value!r} is no municipality code (four digits, e.g. 2260; 0000 is the whole country)",
    "problem.bad_direction": "unknown direction {value!r}; write {allowed}",
    "problem.bad_indicator_source": "unknown source {value!r}; write {allowed}",
    "problem.kolada_id_missing": "the Kolada id is missing (the source is Kolada), e.g. N15428",
    "problem.indicator_department_missing": "the department that reports the value is missing (the source is Department)",
    "problem.min_above_max": "Min ({minimum}) is greater than Max ({maximum})",
    "problem.bad_number": "{value!r} is no number",
    "problem.unknown_indicator": "unknown indicator {value!r} (not on the Indicators sheet)",
    "problem.bad_year": "{value!r} is no year",
    "problem.duplicate_year": "the year {value} of indicator {indicator} is already in {other}",
    "finding.invalid-value": "The value {value!r} of indicator {indicator} is no number. Type a number, e.g. 41.5.",
    "finding.out-of-range": "The value {value} of indicator {indicator} lies outside the plausible range ({minimum} to {maximum}). Check the value.",
    "finding.missing-value": "Indicator {indicator} ({title}) has no value for {year}. Type the value in the Indicators sheet.",
    "finding.missing-value-kolada": "Indicator {indicator} ({title}) has no value for {year} from Kolada ({kolada_id}). Run malxl kolada once it is published.",
    "finding.missing-value-unpublished": "Kolada has not yet published {year} for indicator {indicator} ({title}, {kolada_id}).",
    "finding.assessment-evidence": "{goal} is assessed as {level} but {reasons}. Review the assessment, or explain in the analysis why it stands.",
    "evidence.missed": "{indicator} ({title}) {value} does not reach the target {target}",
    "evidence.reached": "{indicator} ({title}) {value} reaches the target {target}",
    "evidence.deviates": "{activity} is {status}",
    "kolada.http_status": "Kolada answered with error {status} ({reason}) at {url}. Try again later, or fetch the responses in a browser and read them with --from.",
    "kolada.timeout": "Kolada did not answer within {seconds} seconds at {url}. Try again later, or read saved responses with --from.",
    "kolada.unreachable": "Cannot reach Kolada at {url} ({reason}). Check the internet connection (or the address given with --url), or read saved responses with --from.",
    "kolada.not_response": "{source} is no response from Kolada's API (expected JSON with a list of values). Save the response of an address such as …/data/kpi/N15428/municipality/2260,0000/year/2023 as a .json file.",
    "kolada.paging": "Kolada never stops paging: the page {url} came again. Try again later.",
    "kolada.unreadable_file": "Cannot read {source} ({reason}).",
    "kolada.no_municipality": ("The plan in {file} has no {setting} (sheet {sheet}). Type the municipality's "
                               "four-digit code (e.g. 2260 for Ånge) in plan.xlsx and run malxl collect again."),
    "kolada.no_indicators": "The plan in {file} has no indicators whose source is Kolada; nothing was fetched.",
    "kolada.no_sheet": ("{file} has no sheet {sheet} (it was collected before the plan had indicators). "
                        "Run malxl collect first."),
    "kolada.imported.one": "1 value ({indicators}, {first}–{last}) written to {file}. Source: Kolada.",
    "kolada.imported.other": "{count} values ({indicators}, {first}–{last}) written to {file}. Source: Kolada.",
    "kolada.nothing_found": "Kolada had no values for the plan's indicators; {file} was rewritten with the same values. Source: Kolada.",
    "kolada.archived.one": "Kolada's response kept in {path} (1 file).",
    "kolada.archived.other": "Kolada's responses kept in {path} ({count} files).",
    "error.no_sheet_part": "{file} has no sheet {sheet}.",
    "col.collected_value": "Value as collected",
    "kolada.other_units": "{source} holds values for other municipalities only ({found}), not for {units}. Fetch the response for the plan's municipality code and comparison.",
    "error.period_used": "The period {period!r} is already in the history of {file}; give a new one with --period.",
    "error.period_blank": "The period is blank; give the new round's period with --period, e.g. --period \"Tertial 2 2024\".",
    "error.next_report_date": ("The report date {date} is not after the previous round's ({previous} in {file}); "
                               "give a later one with --report-date."),
    "error.next_same_folder": ("{path} is the previous round's folder (where {file} is); malxl next makes a new "
                               "folder for the next round. Choose a new folder."),
    "error.next_inbox": ("{inbox} already holds files ({files}); the new round's inbox must be empty. "
                         "Choose a new folder."),
    "howto": (
        "malxl: how to run a round\n"
        "=========================\n\n"
        "Type the commands in PowerShell (or a terminal) in this folder. Help: malxl --help,\n"
        "malxl collect -h and so on. The whole guide (in Swedish): Användarguide.txt in this folder.\n\n"
        "1. Open plan.xlsx in Excel and enter your goals, activities, departments (with e-mail)\n"
        "   and the reply deadline (Sista svarsdag).\n"
        "2. Make one workbook per department:   malxl generate plan.xlsx -o utkorg\n"
        "3. Send the workbooks in utkorg\\ to the departments.\n"
        "4. See who has answered:   malxl status inbox\n"
        "   (put the returned workbooks in inbox\\ as they come; status writes nothing)\n"
        "5. Merge:   malxl collect inbox\n"
        "   This writes sammanstallning.xlsx. Its Findings sheet names file, sheet and cell of each\n"
        "   finding and what to do. Assess the goals in the Målbedömning sheet.\n"
        "6. Send back what needs fixing and remind those who have not answered:\n"
        "   malxl feedback sammanstallning.xlsx\n"
        "   This writes aterkoppling\\<Department>\\ with a pre-filled workbook and an email draft (.eml).\n"
        "7. More answers? Put them in inbox\\ and collect again: your edits are kept.\n"
        "8. Make the report:   malxl report sammanstallning.xlsx --pdf\n"
        "   This writes rapport\\rapport.xlsx, .html, .docx and .pdf.\n"
        "9. The next round (next term or year): malxl next makes a new project folder from this one,\n"
        "   with the same plan and departments; see malxl next -h.\n"
    ),
}

CATALOGUES = {"sv": SV, "en": EN}


@dataclass(frozen=True, slots=True)
class Text:
    """A text not yet in words: a catalogue ``key`` and its ``params``, rendered in the language of the place
    that shows it (:meth:`Texts.render`). A parameter may itself be a Text (a reason, a column's name)."""

    key: str
    params: dict = field(default_factory=dict, hash=False)


class Texts:
    """Texts of one language; call with a key and format fields."""

    def __init__(self, lang: str):
        self.lang = lang if lang in CATALOGUES else DEFAULT_LANGUAGE
        self._table = CATALOGUES[self.lang]

    def __call__(self, key: str, **fields) -> str:
        template = self._table.get(key) or SV.get(key)
        if template is None:  # a count's words: ``key.one`` for a count of 1, else ``key.other``
            key = f"{key}.{plural(fields['count'])}"
            template = self._table.get(key) or SV[key]
        return template.format(**fields) if fields else template

    def render(self, key: str | Text, params: dict | None = None) -> str:
        """``key`` with ``params`` (or a :class:`Text`), every parameter that is a Text rendered in this
        language too."""
        if isinstance(key, Text):
            params = key.params
            key = key.key
        if not params:
            return self(key)
        return self(key, **{k: self._param(v) for k, v in params.items()})

    def _param(self, value):
        """A parameter in words: a Text rendered in this language, a list of them joined by semicolons."""
        if isinstance(value, Text):
            return self.render(value)
        if isinstance(value, list | tuple):
            return "; ".join(str(self._param(v)) for v in value)
        return value

    def all_languages(self, key: str) -> set[str]:
        """The key's text in every language: what a reader accepts."""
        return {table[key] for table in CATALOGUES.values() if key in table}


def plural(count) -> str:
    """The form of a key a ``count`` takes: ``one`` for 1, else ``other`` (Swedish and English count alike)."""
    return "one" if count == 1 else "other"


def texts(lang: str | None = None) -> Texts:
    """The catalogue of ``$MALXL_LANG`` (set by ``malxl --lang``), else of ``lang`` (the plan's), else Swedish."""
    return Texts(os.environ.get("MALXL_LANG") or lang or DEFAULT_LANGUAGE)


def is_default(text: str | None, key: str) -> bool:
    """True when ``text`` is still the editable default of ``key`` (in any language)."""
    text = " ".join((text or "").split())
    return any(text == " ".join(table.get(key, "").split()) for table in CATALOGUES.values())
