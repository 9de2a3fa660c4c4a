"""The one catalogue of texts users see: Swedish by default, English available.

Every sheet name, column header, finding message and command message comes
from here. ``texts(lang)`` returns a :class:`Texts` that formats a key with
``str.format`` fields: ``t("missing-comment", status="Försenad")``.
"""

from __future__ import annotations

import os

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
    # --- department workbook -----------------------------------------------
    "dept.title": "{organisation}: {period}, {department}",
    "dept.activities_hint": "Fyll i Status, Slutdatum och Kommentar för varje aktivitet. Sista svarsdag {deadline}. Se bladet Instruktioner.",
    "dept.assessment_hint": "Bedöm de utvecklingsmål som er avdelning ansvarar för: välj Bedömning och skriv en kort analys.",
    "dept.no_goals": "Er avdelning ansvarar inte för något utvecklingsmål i den här uppföljningen.",
    "dept.goal_ref": "{id} {title}",
    "input.status.title": "Status",
    "input.status": "Välj status i listan.",
    "input.end.title": "Slutdatum",
    "input.end": "Skriv ett datum, t.ex. {example}.",
    "input.comment.title": "Kommentar",
    "input.comment": "Krävs när status är {statuses}.",
    "input.level.title": "Bedömning",
    "input.level": "Välj bedömning i listan.",
    "error.status.title": "Ogiltig status",
    "error.status": "Välj en status i listan.",
    "error.end.title": "Ogiltigt datum",
    "error.end": "Skriv ett datum, t.ex. {example}.",
    "error.level.title": "Ogiltig bedömning",
    "error.level": "Välj en bedömning i listan.",
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
        "4. Har ni fler aktiviteter? Skriv dem på de tomma raderna under listan.\n"
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
    "finding.changed-text": "{column} har ändrats från {planned!r} till {value!r}. Planens text behålls; ändra planen om den nya texten ska gälla.",
    "finding.invalid-assessment": "{value!r} är ingen giltig bedömning. Välj en av: {allowed}.",
    "finding.missing-assessment": "Utvecklingsmål {goal} saknar bedömning. Välj en bedömning i Målbedömning.",
    "finding.edit-conflict": "Avdelningen har lämnat ett nytt svar för {column} ({new!r}) som ersätter samordnarens ändring {old!r}. Gör om ändringen om den ska gälla.",
    "finding.skipped-file": "Filen hoppades över ({reason}).",
    "finding.missing-sheet": "Bladet {sheet!r} saknas; hittade: {found}. Byt tillbaka namnet på bladet.",
    "finding.missing-column": "Kolumnen {column!r} saknas i bladet {sheet!r}. Lägg tillbaka kolumnen med rubriken {column!r}.",
    "finding.duplicate-activity": "Aktivitet {activity} förekommer flera gånger; raden {first} används.",
    "reason.lock_file": "Excels låsfil",
    "reason.hidden_file": "dold fil",
    "reason.not_xlsx": "inte en .xlsx-fil",
    "reason.no_identity": "bladet med malxl-identitet saknas",
    "reason.folder": "mapp; malxl läser bara filer direkt i inkorgen",
    "reason.timeout": "tog längre än {seconds} s",
    "reason.no_pdf": "ingen PDF skrevs",
    # --- report ------------------------------------------------------------
    "report.title": "Måluppföljning {period}",
    "report.subtitle": "{organisation}, läget per {report_date}",
    "report.summary_sentence": (
        "Av totalt {total} utvecklingsmål är {met} bedömda som {met_levels} "
        "och {not_met} som {not_met_levels}."
    ),
    "report.summary_unassessed": " {count} utvecklingsmål är ännu inte bedömda.",
    "report.or": "eller",
    "report.no_goals_note": (
        "För detta kommunfullmäktigemål har kommunstyrelsen inte antagit något utvecklingsmål. "
        "Därför finns inga aktiviteter planerade."
    ),
    "report.no_activities": "Inga aktiviteter är kopplade till utvecklingsmålet.",
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
    # --- command output ------------------------------------------------------
    "cli.generated": "Skapade {count} arbetsböcker i {outbox}.",
    "cli.replaced": "Ersatte: {files}",
    "cli.left_alone": "Andra filer i mappen lämnades orörda: {files}",
    "cli.collected": "Sammanställning skriven: {path}",
    "cli.backup": "Föregående sammanställning sparad som {path}",
    "cli.answered": "Svarat: {answered} av {total} avdelningar.",
    "cli.not_answered": "Inte svarat: {departments}",
    "cli.counts": "Brister: {errors} fel, {warnings} varningar, {infos} info.",
    "cli.report_written": "Rapport skriven: {path}",
    "cli.init_done": "Nytt projekt i {path}: plan.xlsx, inbox/ och LÄSMIG.txt.",
    "cli.finding_line": "{severity} [{code}] {where}: {message}",
    "cli.more_findings": "… och {count} till (se bladet Brister).",
    # --- status and feedback (the chase loop) ---------------------------------
    "sheet.todo": "Att åtgärda",
    "todo.title": "Att åtgärda: {department}",
    "todo.hint": (
        "Det här behöver rättas eller kompletteras. Cellerna är markerade med röd ram och har en anteckning; "
        "klicka på cellhänvisningen för att komma dit. Allt ni redan har skickat finns kvar i arbetsboken. "
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
    "status.deadline": "Sista svarsdag {deadline}: {left}.",
    "status.no_deadline": "Ingen sista svarsdag i planen.",
    "status.days_left": "{days} dagar kvar",
    "status.day_left": "1 dag kvar",
    "status.today": "sista dagen i dag",
    "status.yesterday": "passerades i går",
    "status.days_ago": "passerades för {days} dagar sedan",
    "status.other": "Filer som inte hör till någon avdelning: {errors} fel, {warnings} varningar, {infos} info.",
    "status.next": "Detaljer: malxl collect {inbox}. Påminnelser och returer: malxl feedback {merged}.",
    "feedback.no_email": "{department} saknar e-postadress i planen (bladet Avdelningar). Fyll i mottagaren i utkastet.",
    "feedback.no_recipient": "ingen e-postadress i planen",
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
    "error.output": "Kan inte skriva {path}: {reason}. Stäng filen om den är öppen i Excel och kontrollera att mappen är skrivbar.",
    "error.not_merged": "{file} är ingen sammanställning från malxl collect (bladen med planen saknas).",
    "error.no_inbox": "Inkorgen {path} finns inte.",
    "error.template": "Mallen {name} går inte att använda: {reason}. Rätta den, eller ta bort den ur {folder} så används standardmallen.",
    "error.pdf_tool": "Kan inte skapa PDF: varken Chromium (chromium) eller LibreOffice (soffice) finns. Installera ett av dem, t.ex. apt-get install chromium, eller kör utan --pdf.",
    "error.pdf_failed": "Kan inte skapa PDF med {tool}: {reason}",
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
    "howto": (
        "malxl: så gör du\n"
        "================\n\n"
        "1. Öppna plan.xlsx i Excel och skriv in era mål, aktiviteter och avdelningar.\n"
        "2. Skapa en arbetsbok per avdelning:   malxl generate plan.xlsx -o utkorg\n"
        "3. Skicka arbetsböckerna i utkorg/ till avdelningarna.\n"
        "4. Lägg de ifyllda arbetsböckerna i inbox/ och kör:   malxl collect inbox\n"
        "5. Åtgärda bristerna (bladet Brister i sammanstallning.xlsx), bedöm målen i bladet Målbedömning.\n"
        "6. Kommer fler svar? Lägg dem i inbox/ och kör collect igen: dina ändringar finns kvar.\n"
        "7. Skapa rapporten:   malxl report sammanstallning.xlsx\n"
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
    "dept.title": "{organisation}: {period}, {department}",
    "dept.activities_hint": "Fill in Status, End date and Comment for each activity. Reply by {deadline}. See the Instructions sheet.",
    "dept.assessment_hint": "Assess the development goals your department owns: choose an Assessment and write a short analysis.",
    "dept.no_goals": "Your department owns no development goal in this follow-up.",
    "dept.goal_ref": "{id} {title}",
    "input.status.title": "Status",
    "input.status": "Choose a status from the list.",
    "input.end.title": "End date",
    "input.end": "Type a date, e.g. {example}.",
    "input.comment.title": "Comment",
    "input.comment": "Required when the status is {statuses}.",
    "input.level.title": "Assessment",
    "input.level": "Choose an assessment from the list.",
    "error.status.title": "Invalid status",
    "error.status": "Choose a status from the list.",
    "error.end.title": "Invalid date",
    "error.end": "Type a date, e.g. {example}.",
    "error.level.title": "Invalid assessment",
    "error.level": "Choose an assessment from the list.",
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
        "4. More activities? Write them on the empty rows below the list.\n"
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
    "finding.changed-text": "{column} was changed from {planned!r} to {value!r}. The plan's text is kept; change the plan if the new text should apply.",
    "finding.invalid-assessment": "{value!r} is not a valid assessment. Choose one of: {allowed}.",
    "finding.missing-assessment": "Development goal {goal} has no assessment. Choose one in Goal assessment.",
    "finding.edit-conflict": "The department sent a new answer for {column} ({new!r}) that replaces the coordinator's edit {old!r}. Redo the edit if it should apply.",
    "finding.skipped-file": "The file was skipped ({reason}).",
    "finding.missing-sheet": "Sheet {sheet!r} not found; found: {found}. Rename the sheet back.",
    "finding.missing-column": "Column {column!r} is missing from sheet {sheet!r}. Restore the column with the header {column!r}.",
    "finding.duplicate-activity": "Activity {activity} appears more than once; row {first} is used.",
    "reason.lock_file": "Excel lock file",
    "reason.hidden_file": "hidden file",
    "reason.not_xlsx": "not an .xlsx file",
    "reason.no_identity": "the malxl identity sheet is missing",
    "reason.folder": "folder; malxl reads only files directly in the inbox",
    "reason.timeout": "took longer than {seconds} s",
    "reason.no_pdf": "no PDF was written",
    "report.title": "Goal follow-up {period}",
    "report.subtitle": "{organisation}, as of {report_date}",
    "report.summary_sentence": (
        "Of {total} development goals in all, {met} are assessed as {met_levels} "
        "and {not_met} as {not_met_levels}."
    ),
    "report.summary_unassessed": " {count} development goals are not yet assessed.",
    "report.or": "or",
    "report.no_goals_note": (
        "The board adopted no development goal for this council goal, "
        "so no activities are planned."
    ),
    "report.no_activities": "No activities are linked to this development goal.",
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
    "cli.generated": "Made {count} workbooks in {outbox}.",
    "cli.replaced": "Replaced: {files}",
    "cli.left_alone": "Other files in the folder were left alone: {files}",
    "cli.collected": "Merged workbook written: {path}",
    "cli.backup": "Previous merged workbook kept as {path}",
    "cli.answered": "Answered: {answered} of {total} departments.",
    "cli.not_answered": "Not answered: {departments}",
    "cli.counts": "Findings: {errors} errors, {warnings} warnings, {infos} info.",
    "cli.report_written": "Report written: {path}",
    "cli.init_done": "New project in {path}: plan.xlsx, inbox/ and LÄSMIG.txt.",
    "cli.finding_line": "{severity} [{code}] {where}: {message}",
    "cli.more_findings": "… and {count} more (see the Findings sheet).",
    "sheet.todo": "To fix",
    "todo.title": "To fix: {department}",
    "todo.hint": (
        "These need to be corrected or completed. The cells are marked with a red border and carry a note; "
        "click the cell reference to go there. Everything you already sent is kept in the workbook. "
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
    "status.deadline": "Reply deadline {deadline}: {left}.",
    "status.no_deadline": "The plan has no reply deadline.",
    "status.days_left": "{days} days left",
    "status.day_left": "1 day left",
    "status.today": "the last day is today",
    "status.yesterday": "passed yesterday",
    "status.days_ago": "passed {days} days ago",
    "status.other": "Files that belong to no department: {errors} errors, {warnings} warnings, {infos} info.",
    "status.next": "Details: malxl collect {inbox}. Reminders and returns: malxl feedback {merged}.",
    "feedback.no_email": "{department} has no email address in the plan (Departments sheet). Fill in the recipient in the draft.",
    "feedback.no_recipient": "no email address in the plan",
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
    "error.output": "Cannot write {path}: {reason}. Close the file if it is open in Excel and check that the folder is writable.",
    "error.not_merged": "{file} is not a merged workbook from malxl collect (the plan sheets are missing).",
    "error.no_inbox": "The inbox {path} does not exist.",
    "error.template": "The template {name} cannot be used: {reason}. Fix it, or remove it from {folder} to use the default template.",
    "error.pdf_tool": "Cannot make a PDF: neither Chromium (chromium) nor LibreOffice (soffice) is installed. Install one, e.g. apt-get install chromium, or run without --pdf.",
    "error.pdf_failed": "Cannot make the PDF with {tool}: {reason}",
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
    "howto": (
        "malxl: how to\n"
        "=============\n\n"
        "1. Open plan.xlsx in Excel and enter your goals, activities and departments.\n"
        "2. Make one workbook per department:   malxl generate plan.xlsx -o outbox\n"
        "3. Send the workbooks in outbox/ to the departments.\n"
        "4. Put the returned workbooks in inbox/ and run:   malxl collect inbox\n"
        "5. Fix the findings (Findings sheet in sammanstallning.xlsx) and assess the goals.\n"
        "6. More answers? Put them in inbox/ and collect again: your edits are kept.\n"
        "7. Make the report:   malxl report sammanstallning.xlsx\n"
    ),
}

CATALOGUES = {"sv": SV, "en": EN}


class Texts:
    """Texts of one language; call with a key and format fields."""

    def __init__(self, lang: str):
        self.lang = lang if lang in CATALOGUES else DEFAULT_LANGUAGE
        self._table = CATALOGUES[self.lang]

    def __call__(self, key: str, **fields) -> str:
        template = self._table.get(key) or SV[key]
        return template.format(**fields) if fields else template

    def all_languages(self, key: str) -> set[str]:
        """The key's text in every language: what a reader accepts."""
        return {table[key] for table in CATALOGUES.values() if key in table}


def texts(lang: str | None = None) -> Texts:
    """The catalogue of ``$MALXL_LANG`` (set by ``malxl --lang``), else of ``lang`` (the plan's), else Swedish."""
    return Texts(os.environ.get("MALXL_LANG") or lang or DEFAULT_LANGUAGE)


def is_default(text: str | None, key: str) -> bool:
    """True when ``text`` is still the editable default of ``key`` (in any language)."""
    text = " ".join((text or "").split())
    return any(text == " ".join(table.get(key, "").split()) for table in CATALOGUES.values())
