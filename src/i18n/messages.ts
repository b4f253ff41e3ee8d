/**
 * Every text a user sees, keyed by a stable id. Tests assert on ids (rendered as
 * `data-message-id`), so the wording can improve without breaking them. Dutch is written at
 * language level B1: short sentences, common words, one instruction at a time.
 */
import type { Locale } from './locale.ts';
import type { CatalogueOf } from './catalogue.ts';
import { servicesEn, servicesNl } from '../services/services.messages.ts';
import { consultsEn, consultsNl } from '../services/consults/consults.messages.ts';
import { appointmentsEn, appointmentsNl } from '../services/appointments/appointments.messages.ts';
import { prescriptionsEn, prescriptionsNl } from '../services/prescriptions/prescriptions.messages.ts';

type Text = string;

const nl = {
  ...servicesNl,
  ...consultsNl,
  ...appointmentsNl,
  ...prescriptionsNl,
  'app.name': 'Praktijkportaal',
  'layout.skip': 'Naar de inhoud',
  'layout.switchLanguage': 'English',
  'layout.switchLanguageLabel': 'Switch to English',
  'layout.logout': 'Uitloggen',
  'layout.footer': 'Lukt het niet? Neem contact op met uw huisartsenpraktijk. Zij helpen u verder.',
  'layout.staffFooter': 'Vragen over het portaal of een storing? Neem contact op met de helpdesk van de leverancier.',
  'layout.errorSummary': 'Er is iets niet gelukt',
  'layout.englishOffer': 'This portal is also available in English.',

  'login.title': 'Inloggen',
  'login.staffTitle': 'Inloggen voor de praktijk',
  'login.intro': 'Log in met uw gebruikersnaam en wachtwoord. Daarna sturen wij u een sessiecode per e-mail.',
  'login.staffIntro': 'Voor medewerkers van de praktijk en de helpdesk. Na uw wachtwoord vraagt het portaal om een sessiecode.',
  'login.username': 'Gebruikersnaam',
  'login.password': 'Wachtwoord',
  'login.submit': 'Inloggen',
  'login.forgot': 'Wachtwoord vergeten?',
  'login.error.missing': 'Vul uw gebruikersnaam en uw wachtwoord in.',
  'login.error.invalid': 'De gebruikersnaam of het wachtwoord is niet juist. Controleer ze allebei en probeer het opnieuw.',
  'login.error.throttled': (p: { time: Text }) =>
    `U heeft te vaak een verkeerd wachtwoord ingevuld. Probeer het om ${p.time} uur opnieuw. Weet u uw wachtwoord niet meer? Kies dan "Wachtwoord vergeten?".`,
  'login.error.tooManyCodes': (p: { time: Text }) =>
    `Er zijn het afgelopen uur te veel sessiecodes verstuurd. Probeer het om ${p.time} uur opnieuw.`,
  'login.error.accountClosed': 'Uw account is niet actief. Neem contact op met uw huisartsenpraktijk.',
  'login.notice.loggedOut': 'U bent uitgelogd.',
  'login.notice.sessionEnded': 'U was een tijd niet actief. Daarom bent u uitgelogd. Log opnieuw in.',
  'login.notice.startAgain': 'Log opnieuw in. U krijgt dan een nieuwe sessiecode.',

  'code.title': 'Sessiecode',
  'code.intro': 'Vul hieronder uw sessiecode in. U heeft deze code per e-mail gekregen.',
  'code.sentAt': (p: { time: Text; email: Text }) => `Wij hebben om ${p.time} uur een e-mail met uw sessiecode gestuurd naar ${p.email}.`,
  'code.matchTime': (p: { time: Text }) => `Zoek in uw mailbox de e-mail van ${p.time} uur. De code uit die e-mail werkt.`,
  'code.sentAgainSame': (p: { time: Text }) =>
    `Om ${p.time} uur hebben wij dezelfde code nog een keer gestuurd. Alle e-mails met deze code werken.`,
  'code.validUntil': (p: { time: Text }) => `De code werkt tot ${p.time} uur.`,
  'code.delivery.waiting': 'De e-mail wordt nu verstuurd.',
  'code.delivery.sent': (p: { time: Text }) =>
    `De e-mail is om ${p.time} uur verstuurd. Het kan een paar minuten duren voordat hij in uw mailbox staat.`,
  'code.delivery.retrying':
    'Het versturen van de e-mail is vertraagd. Wij blijven het proberen. U hoeft niets te doen: houd deze pagina open.',
  'code.delivery.failed':
    'De e-mail met uw code kon niet worden afgeleverd. Misschien klopt uw e-mailadres niet of is uw mailbox vol. Neem contact op met uw huisartsenpraktijk.',
  'code.delivery.dropped': 'Deze e-mail is niet verstuurd, omdat de code al niet meer geldig was. Vraag een nieuwe code aan.',
  'code.label': 'Sessiecode',
  'code.hint': 'De code heeft 6 cijfers, bijvoorbeeld 123456.',
  'code.submit': 'Doorgaan',
  'code.noCode': 'Geen sessiecode ontvangen?',
  'code.moreInfo': 'Meer informatie over sessiecode?',
  'code.cancel': 'Stoppen en opnieuw inloggen',
  'code.app.title': 'Of: code uit uw authenticator-app',
  'code.app.submit': 'Inloggen met de app',
  'code.app.notSetUp': 'Voor uw account is geen authenticator-app gekoppeld. Gebruik de code uit de e-mail.',
  'code.error.wrong': (p: { triesLeft: number }) =>
    `Deze sessiecode is niet correct. Kijk goed naar de 6 cijfers in de nieuwste e-mail. U kunt het nog ${p.triesLeft} ${p.triesLeft === 1 ? 'keer' : 'keer'} proberen met deze code.`,
  'code.error.empty': 'U heeft geen sessiecode ingevuld. Vul de 6 cijfers uit de e-mail in.',
  'code.error.tooFewDigits': (p: { count: number }) =>
    `U heeft ${p.count} ${p.count === 1 ? 'cijfer' : 'cijfers'} ingevuld. Een sessiecode heeft precies 6 cijfers. Kijk in de e-mail welke cijfers ontbreken. Dit telde niet als poging.`,
  'code.error.tooManyDigits': (p: { count: number }) =>
    `U heeft ${p.count} cijfers ingevuld. Een sessiecode heeft precies 6 cijfers. Misschien heeft u te veel gekopieerd. Dit telde niet als poging.`,
  'code.error.notDigits':
    'Een sessiecode bestaat alleen uit cijfers. U heeft ook letters of andere tekens ingevuld. Dit telde niet als poging.',
  'code.error.expired': (p: { time: Text; minutes: number }) =>
    `Deze sessiecode is verlopen. Een code werkt ${p.minutes} minuten. Deze code is om ${p.time} uur gemaakt. Vraag hieronder een nieuwe code aan.`,
  'code.error.older': (p: { older: Text; newest: Text }) =>
    `U heeft een oude sessiecode ingevuld, uit de e-mail van ${p.older} uur. Die code werkt niet meer, want om ${p.newest} uur hebben wij een nieuwe code gestuurd. Gebruik de code uit de e-mail van ${p.newest} uur.`,
  'code.error.used': (p: { time: Text }) =>
    `Deze sessiecode is om ${p.time} uur al gebruikt. Een code werkt maar één keer. Gebruik de code uit de nieuwste e-mail.`,
  'code.error.voided':
    'U heeft 5 keer een verkeerde code ingevuld. Daarom werkt deze code niet meer. Vraag hieronder een nieuwe code aan.',
  'code.error.paused': (p: { time: Text }) =>
    `U heeft te vaak een verkeerde code ingevuld. Voor uw veiligheid kunt u pas om ${p.time} uur weer een code invullen. Lukt het daarna nog niet? Neem dan contact op met uw huisartsenpraktijk.`,
  'code.error.noLiveCode': 'Er is nu geen geldige sessiecode. Vraag hieronder een nieuwe code aan.',
  'code.error.superseded': (p: { time: Text }) =>
    `U heeft om ${p.time} uur opnieuw ingelogd, in een ander venster. Daarom werkt deze pagina niet meer. Ga naar het nieuwste venster, of log hieronder opnieuw in.`,
  'code.error.supersededUnknownTime':
    'U heeft opnieuw ingelogd, in een ander venster. Daarom werkt deze pagina niet meer. Ga naar het nieuwste venster, of log hieronder opnieuw in.',
  'code.error.attemptExpired': 'Het inloggen duurde te lang. Log hieronder opnieuw in. U krijgt dan een nieuwe code.',
  'code.resent.same': (p: { first: Text }) =>
    `Wij hebben de e-mail nog een keer gestuurd. Het is dezelfde code als in de e-mail van ${p.first} uur. Beide e-mails werken.`,
  'code.resent.new': (p: { time: Text }) =>
    `Wij hebben om ${p.time} uur een nieuwe code gestuurd. Oudere codes werken niet meer. U kunt oude e-mails met een sessiecode weggooien.`,
  'code.resent.wait': (p: { seconds: number }) =>
    `De vorige e-mail is net verstuurd. U kunt over ${p.seconds} seconden opnieuw een e-mail laten sturen. Kijk intussen in de map "Ongewenste e-mail".`,
  'code.resent.hourly': (p: { time: Text }) =>
    `Er zijn het afgelopen uur al veel e-mails gestuurd. U kunt om ${p.time} uur weer een code aanvragen.`,
  'code.tips.title': 'Geen e-mail gekregen?',
  'code.tips.spam': 'Kijk in de map "Ongewenste e-mail" of "Spam".',
  'code.tips.refresh': 'Vernieuw uw mailbox. In Outlook klikt u op "Verzenden/ontvangen".',
  'code.tips.address': (p: { email: Text }) =>
    `Wij sturen de e-mail naar ${p.email}. Is dat niet uw adres? Neem dan contact op met uw huisartsenpraktijk.`,
  'code.tips.keepOpen': 'Laat deze pagina open terwijl u in uw mailbox kijkt.',
  'code.resend.button': 'Stuur de e-mail opnieuw',
  'code.resend.available': (p: { time: Text }) => `U kunt vanaf ${p.time} uur opnieuw een e-mail laten sturen.`,

  'codeHelp.title': 'Wat is een sessiecode?',
  'codeHelp.what':
    'Een sessiecode is een getal van 6 cijfers. Wij sturen de code naar uw e-mailadres als u inlogt met uw gebruikersnaam en wachtwoord. Zo weten wij zeker dat u het echt bent.',
  'codeHelp.once': (p: { minutes: number }) => `Een code werkt maar één keer, en ${p.minutes} minuten lang.`,
  'codeHelp.newest':
    'Logt u opnieuw in? Dan krijgt u een nieuwe code en werkt de oude niet meer. De pagina vertelt u altijd hoe laat de geldige code is verstuurd. Zoek de e-mail met die tijd.',
  'codeHelp.spaces': 'Kopieert u de code? Spaties ervoor of erachter zijn geen probleem.',
  'codeHelp.notReceived':
    'Geen e-mail gekregen? Kijk in de map "Ongewenste e-mail". Kies anders "Geen sessiecode ontvangen?". Wij sturen de e-mail dan nog een keer.',
  'codeHelp.stillStuck':
    'Lukt het nog steeds niet? Neem contact op met uw huisartsenpraktijk. De praktijk kan zien wat er mis ging en u helpen.',
  'codeHelp.back': 'Terug naar de sessiecode',

  'home.title': 'Welkom',
  'home.greeting': (p: { name: Text }) => `Welkom, ${p.name}.`,
  'home.practice': (p: { practice: Text }) => `U bent ingelogd bij ${p.practice}.`,
  'home.myAccount': 'Mijn account',

  'account.title': 'Mijn account',
  'account.intro': 'Hier ziet u wanneer er is ingelogd op uw account en waar u nu bent ingelogd. U kunt ook uw e-mailadres en uw wachtwoord wijzigen.',
  'account.signIns.title': 'Recent ingelogd',
  'account.signIns.none': 'Er is nog niet ingelogd op uw account.',
  'account.signIns.time': 'Tijd',
  'account.signIns.browser': 'Browser',
  'account.signIns.outcome': 'Resultaat',
  'account.outcome.sign_in.code_accepted': 'Ingelogd',
  'account.outcome.sign_in.code_refused': 'Niet ingelogd: verkeerde sessiecode',
  'account.outcome.sign_in.code_paused': 'Niet ingelogd: te vaak een verkeerde sessiecode',
  'account.outcome.sign_in.password_refused': 'Niet ingelogd: verkeerd wachtwoord',
  'account.outcome.sign_in.password_throttled': 'Niet ingelogd: even geblokkeerd na te veel verkeerde wachtwoorden',
  'account.browser': (p: { browser: Text; system: Text }) => `${p.browser} op ${p.system}`,
  'account.browser.unknown': 'Onbekende browser',
  'account.system.unknown': 'onbekend systeem',
  'account.sessions.title': 'Waar u nu bent ingelogd',
  'account.sessions.since': 'Ingelogd sinds',
  'account.sessions.lastSeen': 'Laatst actief',
  'account.sessions.current': 'Dit apparaat',
  'account.sessions.other': 'Ander apparaat',
  'account.sessions.endOthers': 'Elders uitloggen',
  'account.sessions.endOthersHint': 'Hiermee logt u uit op alle andere apparaten. Op dit apparaat blijft u ingelogd.',
  'account.sessions.ended': (p: { count: number }) =>
    p.count === 1 ? 'U bent op 1 ander apparaat uitgelogd.' : `U bent op ${p.count} andere apparaten uitgelogd.`,
  'account.password.title': 'Wachtwoord wijzigen',
  'account.password.current': 'Huidig wachtwoord',
  'account.password.submit': 'Wachtwoord wijzigen',
  'account.password.changed': 'Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd. U krijgt hierover een e-mail.',
  'account.password.error.wrongCurrent': 'Uw huidige wachtwoord is niet juist. Probeer het opnieuw.',
  'account.password.error.throttled': (p: { time: Text }) =>
    `U heeft te vaak een verkeerd wachtwoord ingevuld. Probeer het om ${p.time} uur opnieuw.`,
  'account.notMe.title': 'Was dit u niet?',
  'account.notMe.intro':
    'Ziet u hierboven een keer inloggen dat u niet kent? Dan logt u hiermee overal uit, ook hier. Kies daarna een nieuw wachtwoord.',
  'account.notMe.submit': 'Was dit u niet? Overal uitloggen',
  'account.notMe.done':
    'U bent overal uitgelogd. Kies nu een nieuw wachtwoord: vul hieronder uw gebruikersnaam of e-mailadres in. Neem ook contact op met uw huisartsenpraktijk.',
  'account.back': 'Terug naar de startpagina',
  'account.email.title': 'E-mailadres wijzigen',
  'account.email.current': (p: { email: Text }) => `Wij sturen uw sessiecodes en andere e-mail nu naar ${p.email}.`,
  'account.email.intro':
    'Wilt u een ander e-mailadres gebruiken? Vul hieronder het nieuwe adres en uw wachtwoord in. Wij sturen dan een sessiecode naar het nieuwe adres. Uw e-mailadres verandert pas als u die code hebt ingevuld.',
  'account.email.new': 'Nieuw e-mailadres',
  'account.email.newHint': 'Bijvoorbeeld naam@voorbeeld.nl',
  'account.email.submit': 'Sessiecode sturen',
  'account.email.error.invalid': 'Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als naam@voorbeeld.nl. Er is niets gewijzigd.',
  'account.email.error.same': 'Dit is al uw e-mailadres. Er is niets gewijzigd.',
  'account.email.error.wrongPassword': 'Uw wachtwoord is niet juist. Er is niets gewijzigd. Probeer het opnieuw.',
  'account.email.error.tooMany': (p: { time: Text }) =>
    `U heeft in het afgelopen uur al 3 keer een sessiecode voor een nieuw e-mailadres gevraagd. Dat kan weer om ${p.time} uur. Er is niets gewijzigd.`,
  'account.email.changed': (p: { email: Text }) =>
    `Uw e-mailadres is gewijzigd in ${p.email}. Op andere apparaten bent u uitgelogd. Wij hebben een bericht gestuurd naar uw oude e-mailadres.`,
  'account.email.confirm.title': 'Nieuw e-mailadres bevestigen',
  'account.email.confirm.sentAt': (p: { time: Text; email: Text }) =>
    `Wij hebben om ${p.time} uur een e-mail met een sessiecode gestuurd naar ${p.email}. Dat is het nieuwe e-mailadres dat u invulde.`,
  'account.email.confirm.intro': 'Vul de sessiecode uit die e-mail hieronder in. Uw e-mailadres verandert pas als de code goed is.',
  'account.email.confirm.validUntil': (p: { time: Text }) => `De code werkt tot ${p.time} uur.`,
  'account.email.confirm.again': 'Verkeerd e-mailadres ingevuld of geen e-mail gekregen? Vul het nieuwe e-mailadres opnieuw in',
  'account.email.confirm.back': 'Terug naar Mijn account',
  'account.email.error.voided':
    'U heeft 5 keer een verkeerde sessiecode ingevuld. Daarom werkt deze code niet meer. Uw e-mailadres is niet gewijzigd. Vul het nieuwe e-mailadres opnieuw in. U krijgt dan een nieuwe code.',
  'account.email.error.expired': (p: { time: Text; minutes: number }) =>
    `Deze sessiecode is verlopen. Een code werkt ${p.minutes} minuten. Deze code is om ${p.time} uur gemaakt. Uw e-mailadres is niet gewijzigd. Vul het nieuwe e-mailadres opnieuw in. U krijgt dan een nieuwe code.`,
  'account.email.error.older': (p: { older: Text; newest: Text }) =>
    `U heeft een oude sessiecode ingevuld, uit de e-mail van ${p.older} uur. Om ${p.newest} uur hebben wij een nieuwe code gestuurd. Gebruik de code uit de e-mail van ${p.newest} uur. Dit telde niet als poging.`,
  'account.email.error.used': (p: { time: Text }) =>
    `U heeft uw nieuwe e-mailadres om ${p.time} uur al bevestigd. Een sessiecode werkt maar één keer.`,
  'account.email.error.superseded':
    'U heeft daarna in een ander venster opnieuw een nieuw e-mailadres ingevuld. Daarom werkt deze code niet meer. Gebruik dat venster, of vul het nieuwe e-mailadres hier opnieuw in.',
  'account.email.error.changedMeanwhile':
    'Uw e-mailadres is intussen al gewijzigd, bijvoorbeeld door uw huisartsenpraktijk. Daarom werkt deze code niet meer. Kijk in Mijn account welk e-mailadres nu geldt.',

  'console.title': 'Praktijkconsole',
  'console.greeting': (p: { name: Text }) => `Ingelogd als ${p.name}.`,
  'console.practice': (p: { practice: Text }) => `Praktijk: ${p.practice}.`,
  'console.support': 'U bent ingelogd als helpdesk van de leverancier.',
  'console.nav': 'Console',
  'console.helpIntro': 'Kan een patiënt niet inloggen? Zoek de patiënt op en kies "Kan niet inloggen". U ziet dan wat er gebeurde en wat u kunt doen.',
  'console.patients': 'Patiënten',
  'console.audit': 'Logboek',
  'patients.title': 'Patiënten',
  'patients.search': 'Zoek op naam, gebruikersnaam, e-mailadres of geboortedatum',
  'patients.searchButton': 'Zoeken',
  'patients.none': 'Geen patiënten gevonden.',
  'patients.add': 'Patiënt toevoegen',
  'patients.column.name': 'Naam',
  'patients.column.username': 'Gebruikersnaam',
  'patients.column.email': 'E-mailadres',
  'patients.column.dateOfBirth': 'Geboortedatum',
  'patients.column.status': 'Status',
  'patients.column.practice': 'Praktijk',
  'patients.status.active': 'Actief',
  'patients.status.awaiting_activation': 'Wacht op activatie',
  'patients.status.deactivated': 'Gestopt',
  'patient.name': 'Naam',
  'patient.email': 'E-mailadres',
  'patient.phone': 'Telefoonnummer',
  'patient.dateOfBirth': 'Geboortedatum (dd-mm-jjjj)',
  'patient.username': 'Gebruikersnaam',
  'patient.save': 'Gegevens opslaan',
  'patient.saved': 'De gegevens zijn opgeslagen.',
  'patient.create': 'Toevoegen en uitnodiging sturen',
  'patient.created': 'De patiënt is toegevoegd. De uitnodiging wordt per e-mail verstuurd.',
  'patient.deactivate': 'Account stopzetten',
  'patient.deactivated': 'Het account is stopgezet. De patiënt kan niet meer inloggen.',
  'patient.reactivate': 'Account weer aanzetten',
  'patient.reactivated': 'Het account staat weer aan.',
  'patient.sendActivation': 'Uitnodiging (opnieuw) sturen',
  'patient.activationSent': 'De uitnodiging wordt per e-mail verstuurd.',
  'patient.cannotLogIn': 'Kan niet inloggen',
  'patient.error.email': 'Dit e-mailadres klopt niet. Controleer het en probeer opnieuw.',
  'patient.error.date': 'Deze geboortedatum klopt niet. Schrijf hem als dd-mm-jjjj.',
  'patient.error.input': (p: { reason: Text }) => `Dit lukte niet: ${p.reason}`,
  'patient.readOnly': 'U kunt deze gegevens bekijken, maar niet wijzigen.',
  'authenticator.title': 'Authenticator-app',
  'authenticator.intro': 'Met een authenticator-app op uw telefoon logt u in zonder te wachten op een e-mail. De app maakt elke 30 seconden een nieuwe code van 6 cijfers.',
  'authenticator.step1': 'Open uw authenticator-app (bijvoorbeeld Microsoft Authenticator of Google Authenticator) en kies "account toevoegen".',
  'authenticator.step2': 'Scan de QR-code hieronder, of typ de sleutel over.',
  'authenticator.step3': 'Vul de code in die de app nu laat zien, en kies "Koppelen".',
  'authenticator.qrAlt': 'QR-code om de authenticator-app te koppelen. Lukt scannen niet? Typ dan de sleutel hieronder over.',
  'authenticator.manual': 'Sleutel om over te typen:',
  'authenticator.codeLabel': 'Code uit de app',
  'authenticator.confirm': 'Koppelen',
  'authenticator.wrongCode': 'Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en vul de nieuwste code in.',
  'authenticator.enabled': 'Uw authenticator-app is gekoppeld. Bij het inloggen kunt u nu de code uit de app gebruiken.',
  'authenticator.removed': 'Uw authenticator-app is ontkoppeld. U logt weer in met de code per e-mail.',
  'authenticator.active': 'Uw authenticator-app is gekoppeld.',
  'authenticator.remove': 'Authenticator-app ontkoppelen',
  'authenticator.required': 'Uw praktijk vraagt alle medewerkers om een authenticator-app. Koppel de app eerst; daarna kunt u verder.',
  'settings.title': 'Instellingen van de praktijk',
  'settings.requireAuthenticator': 'Alle medewerkers moeten een authenticator-app gebruiken',
  'settings.requireAuthenticatorHint': 'Medewerkers zonder app moeten die eerst koppelen voordat ze verder kunnen. Daarna loggen zij in met de code uit de app.',
  'settings.save': 'Opslaan',
  'settings.saved': 'De instellingen zijn opgeslagen.',
  'console.authenticator': 'Authenticator-app',
  'console.settings': 'Instellingen',
  'audit.title': 'Logboek',
  'audit.intro': 'Wie deed wat, op wiens dossier, wanneer en vanaf welk adres. Ook het bekijken van dit logboek staat erin.',
  'audit.caption': 'Gebeurtenissen, nieuwste eerst',
  'audit.when': 'Wanneer',
  'audit.who': 'Wie',
  'audit.whom': 'Op wiens dossier',
  'audit.what': 'Wat',
  'audit.outcome': 'Uitkomst',
  'audit.where': 'Vanaf adres',
  'audit.filter.patient': 'Patiënt (naam of gebruikersnaam)',
  'audit.filter.staff': 'Medewerker (naam of gebruikersnaam)',
  'audit.filter.action': 'Soort gebeurtenis',
  'audit.filter.anyAction': 'Alle',
  'audit.filter.from': 'Vanaf datum (dd-mm-jjjj)',
  'audit.filter.to': 'Tot en met datum (dd-mm-jjjj)',
  'audit.filter.submit': 'Filteren',
  'audit.export': 'Download als CSV',
  'audit.none': 'Geen gebeurtenissen gevonden.',
  'audit.outcome.success': 'gelukt',
  'audit.outcome.failure': 'mislukt',
  'audit.outcome.info': 'melding',
  'audit.more': (p: { count: number }) => `U ziet de nieuwste ${p.count}. Maak het filter kleiner of download alles als CSV.`,
  'patient.editTitle': 'Gegevens aanpassen',
  'console.since': 'Account sinds',
  'import.link': 'Patiënten importeren (CSV)',
  'import.title': 'Patiënten importeren',
  'import.intro':
    'Voeg veel patiënten tegelijk toe met een CSV-bestand. Eerst controleert het portaal elke regel. U ziet dan welke regels niet kloppen. Pas als alles klopt, kunt u importeren. Dan komen alle patiënten er in één keer bij, of geen enkele.',
  'import.format.title': 'Zo maakt u het bestand',
  'import.format.header': 'Op de eerste regel staan de namen van de kolommen. Daaronder staat één patiënt per regel. De volgorde van de kolommen maakt niet uit.',
  'import.format.naam': 'naam: de naam van de patiënt. Verplicht, hoogstens 200 tekens.',
  'import.format.email': 'email: het e-mailadres. Verplicht. Hierheen gaat de uitnodiging.',
  'import.format.gebruikersnaam':
    'gebruikersnaam: hiermee logt de patiënt in. Verplicht. 3 tot 100 tekens: letters, cijfers, punt, streepje, liggend streepje of @. Elke gebruikersnaam mag maar één keer voorkomen in het hele portaal.',
  'import.format.geboortedatum': 'geboortedatum: schrijf als dd-mm-jjjj, bijvoorbeeld 31-12-1950. Mag leeg blijven.',
  'import.format.telefoon': 'telefoon: het telefoonnummer. Mag leeg blijven.',
  'import.format.separator':
    'Scheid de kolommen met een puntkomma (;) of een komma (,). Het portaal ziet zelf welke u gebruikt. Staat het scheidingsteken in een waarde? Zet die waarde dan tussen dubbele aanhalingstekens (").',
  'import.format.encoding': 'Sla het bestand op als "CSV UTF-8". In Excel kiest u bij Opslaan als: "CSV UTF-8 (door komma\'s gescheiden)". Een bestand met of zonder BOM is allebei goed.',
  'import.format.limit': (p: { rows: number; megabytes: number }) => `Per bestand hoogstens ${p.rows.toLocaleString('nl-NL')} patiënten en ${p.megabytes} MB.`,
  'import.format.example': 'Voorbeeld',
  'import.file': 'CSV-bestand',
  'import.check': 'Controleren',
  'import.error.noFile': 'Kies eerst een CSV-bestand.',
  'import.error.tooLarge': (p: { megabytes: number }) => `Het bestand is groter dan ${p.megabytes} MB. Splits het in kleinere bestanden.`,
  'import.error.encoding': 'Het bestand is niet als UTF-8 opgeslagen. Sla het op als "CSV UTF-8" en probeer het opnieuw.',
  'import.error.empty': 'Het bestand is leeg. Op de eerste regel moeten de namen van de kolommen staan, daaronder de patiënten.',
  'import.error.noRows': 'Er staan geen patiënten in het bestand. Alleen de regel met de namen van de kolommen is gevonden.',
  'import.error.syntax': (p: { line: number }) =>
    `Regel ${p.line} kan niet worden gelezen. Vaak staat er een aanhalingsteken (") dat niet wordt gesloten. Controleer die regel en de regel ervoor.`,
  'import.error.missingColumns': (p: { columns: Text }) => `Deze kolommen ontbreken op de eerste regel: ${p.columns}. Die zijn verplicht.`,
  'import.error.unknownColumns': (p: { columns: Text }) =>
    `Deze kolommen kent het portaal niet: ${p.columns}. Gebruik alleen naam, email, gebruikersnaam, geboortedatum en telefoon.`,
  'import.error.duplicateColumns': (p: { columns: Text }) => `Deze kolommen staan meer dan één keer op de eerste regel: ${p.columns}.`,
  'import.error.tooManyRows': (p: { count: number; max: number }) =>
    `Het bestand heeft ${p.count.toLocaleString('nl-NL')} patiënten. Dat zijn er te veel: hoogstens ${p.max.toLocaleString('nl-NL')} per keer. Splits het bestand.`,
  'import.error.rows': (p: { errors: number; total: number }) =>
    `${p.errors.toLocaleString('nl-NL')} van de ${p.total.toLocaleString('nl-NL')} ${p.total === 1 ? 'regel' : 'regels'} ${p.errors === 1 ? 'klopt' : 'kloppen'} niet. Er is niets geïmporteerd. Pas ${p.errors === 1 ? 'deze regel' : 'deze regels'} aan in het bestand en controleer het opnieuw.`,
  'import.error.rowsShown': (p: { shown: number; errors: number }) => `U ziet de eerste ${p.shown.toLocaleString('nl-NL')} van de ${p.errors.toLocaleString('nl-NL')} regels met een fout.`,
  'import.error.taken': (p: { username: Text; line: number }) =>
    `Er is niets geïmporteerd. De gebruikersnaam "${p.username}" (regel ${p.line}) is intussen door een ander account in gebruik genomen. Pas het bestand aan en controleer het opnieuw.`,
  'import.counts': (p: { total: number; ok: number; errors: number }) => `${p.total.toLocaleString('nl-NL')} ${p.total === 1 ? 'patiënt' : 'patiënten'} gelezen: ${p.ok.toLocaleString('nl-NL')} goed, ${p.errors.toLocaleString('nl-NL')} met een fout.`,
  'import.errorCaption': 'Regels met een fout',
  'import.column.line': 'Regel',
  'import.column.problem': 'Wat moet anders',
  'import.problem.columns': (p: { found: number; expected: number }) => `Deze regel heeft ${p.found} kolommen. De eerste regel heeft er ${p.expected}.`,
  'import.problem.name': 'De naam ontbreekt of is langer dan 200 tekens.',
  'import.problem.email': 'Het e-mailadres ontbreekt of klopt niet.',
  'import.problem.username':
    'De gebruikersnaam klopt niet. Gebruik 3 tot 100 tekens: letters, cijfers, punt, streepje, liggend streepje of @. Begin met een letter of cijfer.',
  'import.problem.usernameTaken': 'Deze gebruikersnaam is al in gebruik in het portaal. Kies een andere.',
  'import.problem.usernameTwice': (p: { line: number }) => `Deze gebruikersnaam staat ook op regel ${p.line}. Elke gebruikersnaam mag maar één keer voorkomen.`,
  'import.problem.date': 'De geboortedatum klopt niet. Schrijf hem als dd-mm-jjjj, bijvoorbeeld 31-12-1950.',
  'import.problem.dateRange': 'De geboortedatum ligt in de toekomst of vóór 1900.',
  'import.problem.phone': 'Het telefoonnummer klopt niet. Gebruik 6 tot 20 tekens: cijfers, spaties, +, - en haakjes.',
  'import.ok': (p: { count: number }) =>
    `${p.count === 1 ? 'De regel klopt' : `Alle ${p.count.toLocaleString('nl-NL')} regels kloppen`}. Er is nog niets geïmporteerd. Kijk de gegevens na en kies daarna "Importeren".`,
  'import.sample': (p: { shown: number; count: number }) => (p.shown === p.count ? 'De patiënten in het bestand' : `De eerste ${p.shown.toLocaleString('nl-NL')} van de ${p.count.toLocaleString('nl-NL')} patiënten`),
  'import.validFor': (p: { minutes: number }) => `Importeer binnen ${p.minutes} minuten. Daarna moet u het bestand opnieuw controleren.`,
  'import.invite': 'Stuur iedereen meteen een uitnodiging',
  'import.inviteHint': 'Elke patiënt krijgt een e-mail met een link om een wachtwoord te kiezen. De link werkt 7 dagen.',
  'import.confirm': (p: { count: number }) => `Importeren (${p.count.toLocaleString('nl-NL')} ${p.count === 1 ? 'patiënt' : 'patiënten'})`,
  'import.again': 'Een ander bestand controleren',
  'import.done': (p: { count: number; time: Text }) => `${p.count.toLocaleString('nl-NL')} ${p.count === 1 ? 'patiënt is' : 'patiënten zijn'} geïmporteerd (${p.time}).`,
  'import.doneInvited': 'De uitnodigingen worden per e-mail verstuurd.',
  'import.doneNotInvited': 'Er zijn geen uitnodigingen verstuurd. U kunt die per patiënt sturen bij de patiëntgegevens.',
  'import.expired': 'Deze controle is verlopen. Er is niets geïmporteerd. Controleer het bestand opnieuw.',
  'import.toPatients': 'Naar de patiënten',

  'activation.title': 'Kies uw wachtwoord',
  'recovery.title': 'Nieuw wachtwoord kiezen',
  'password.new': 'Nieuw wachtwoord',
  'password.newHint': 'Minimaal 8 tekens. Een lange zin van 15 tekens of meer is het veiligst en makkelijk te onthouden.',
  'password.save': 'Opslaan',
  'password.error.tooShort': 'Uw wachtwoord is te kort. Gebruik minimaal 8 tekens.',
  'password.error.tooLong': 'Uw wachtwoord is te lang. Gebruik hoogstens 128 tekens.',
  'password.error.common': 'Dit wachtwoord gebruiken veel mensen. Daardoor is het makkelijk te raden. Kies een ander wachtwoord.',
  'password.error.guessable': 'Dit wachtwoord is te makkelijk te raden. Kies een ander wachtwoord, bijvoorbeeld een zin van een paar woorden.',
  'password.error.containsName': 'Uw wachtwoord bevat uw gebruikersnaam of een deel van uw e-mailadres. Dat is makkelijk te raden. Kies een ander wachtwoord.',
  'password.tips': 'Tips voor een beter wachtwoord:',
  'password.warning.straightRow': 'Toetsen die naast elkaar liggen zijn makkelijk te raden.',
  'password.warning.keyPattern': 'Korte patronen op het toetsenbord zijn makkelijk te raden.',
  'password.warning.simpleRepeat': 'Herhaalde letters zoals "aaa" zijn makkelijk te raden.',
  'password.warning.extendedRepeat': 'Herhaalde patronen zoals "abcabcabc" zijn makkelijk te raden.',
  'password.warning.sequences': 'Reeksen zoals "abc" of "123" zijn makkelijk te raden.',
  'password.warning.recentYears': 'Jaartallen van de laatste jaren zijn makkelijk te raden.',
  'password.warning.dates': 'Datums zijn makkelijk te raden.',
  'password.warning.topTen': 'Dit is een van de meest gebruikte wachtwoorden.',
  'password.warning.topHundred': 'Dit wachtwoord gebruiken heel veel mensen.',
  'password.warning.common': 'Dit wachtwoord gebruiken veel mensen.',
  'password.warning.similarToCommon': 'Dit lijkt op een wachtwoord dat veel mensen gebruiken.',
  'password.warning.wordByItself': 'Eén woord is makkelijk te raden.',
  'password.warning.namesByThemselves': 'Alleen een voornaam of achternaam is makkelijk te raden.',
  'password.warning.commonNames': 'Veel voorkomende voornamen en achternamen zijn makkelijk te raden.',
  'password.warning.userInputs': 'Gebruik geen woorden die bij u of bij deze website horen, zoals uw naam.',
  'password.warning.pwned': 'Dit wachtwoord is bekend uit een datalek.',
  'password.suggestion.l33t': 'Een "@" in plaats van een "a" helpt niet. Dat raden computers ook.',
  'password.suggestion.reverseWords': 'Een bekend woord achterstevoren helpt niet.',
  'password.suggestion.allUppercase': 'Alleen hoofdletters helpt niet veel.',
  'password.suggestion.capitalization': 'Alleen de eerste letter als hoofdletter helpt niet veel.',
  'password.suggestion.dates': 'Gebruik geen datums die bij u horen.',
  'password.suggestion.recentYears': 'Gebruik geen jaartallen van de laatste jaren.',
  'password.suggestion.associatedYears': 'Gebruik geen jaartallen die bij u horen.',
  'password.suggestion.sequences': 'Gebruik geen reeksen zoals "abc" of "123".',
  'password.suggestion.repeated': 'Herhaal geen woorden of letters.',
  'password.suggestion.longerKeyboardPattern': 'Gebruik geen patronen op het toetsenbord.',
  'password.suggestion.anotherWord': 'Voeg een paar woorden toe die minder vaak voorkomen.',
  'password.suggestion.useWords': 'Gebruik een zin van een paar woorden. Kies geen bekende zin.',
  'password.suggestion.noNeed': 'U hebt geen speciale tekens, hoofdletters of cijfers nodig. Een lange zin is sterk genoeg.',
  'password.suggestion.pwned': 'Gebruikt u dit wachtwoord ergens anders? Verander het daar ook.',
  'password.saved': 'Uw wachtwoord is opgeslagen. Log nu in met uw gebruikersnaam en uw nieuwe wachtwoord.',
  'link.invalid':
    'Deze link werkt niet meer. Misschien is hij al gebruikt of verlopen. Vraag uw huisartsenpraktijk om een nieuwe link, of kies "Wachtwoord vergeten?".',
  'forgot.title': 'Wachtwoord vergeten',
  'forgot.intro': 'Vul uw gebruikersnaam of e-mailadres in. Wij sturen u dan een e-mail met een link om een nieuw wachtwoord te kiezen.',
  'forgot.field': 'Gebruikersnaam of e-mailadres',
  'forgot.submit': 'Verstuur',
  'forgot.sent':
    'Als wij een account vinden bij wat u invulde, sturen wij binnen een paar minuten een e-mail met een link. De link werkt 30 minuten. Geen e-mail gekregen? Kijk in de map "Ongewenste e-mail".',
  'forgot.error.missing': 'Vul uw gebruikersnaam of e-mailadres in.',

  'error.title': 'Er ging iets mis',
  'error.notFound': 'Deze pagina bestaat niet.',
  'error.forbidden': 'U mag deze pagina niet zien.',
  'error.formExpired': 'Het formulier was verlopen. Probeer het nog een keer.',
  'error.badRequest': 'Uw browser stuurde iets wat wij niet begrijpen. Probeer het nog een keer.',
  'error.server': 'Er ging bij ons iets mis. Probeer het over een paar minuten opnieuw.',
  'error.backHome': 'Naar de beginpagina',

  'mail.code.subject': (p: { time: Text; practice: Text }) => `Uw sessiecode van ${p.time} uur – ${p.practice}`,
  'mail.code.greeting': 'Beste patiënt,',
  'mail.code.intro': (p: { time: Text }) => `U logde om ${p.time} uur in op het portaal. Uw sessiecode is:`,
  'mail.code.validity': (p: { minutes: number; until: Text }) =>
    `De code werkt ${p.minutes} minuten, tot ${p.until} uur, en maar één keer.`,
  'mail.code.replaces': 'Dit is een nieuwe code. Oudere sessiecodes werken niet meer.',
  'mail.code.repeat': (p: { time: Text }) =>
    `U vroeg om deze e-mail opnieuw. Het is dezelfde code als in de e-mail van ${p.time} uur.`,
  'mail.code.notYou':
    'Heeft u niet zelf ingelogd? Dan kent iemand anders misschien uw wachtwoord. Verander uw wachtwoord en neem contact op met uw praktijk.',
  'mail.footer': (p: { practice: Text }) => `Deze e-mail is automatisch verstuurd door het portaal van ${p.practice}. U kunt hem niet beantwoorden.`,
  'mail.activation.subject': (p: { practice: Text }) => `Uw account bij ${p.practice}`,
  'mail.activation.body': (p: { practice: Text; username: Text }) =>
    `${p.practice} heeft een account voor u gemaakt op het patiëntenportaal. Uw gebruikersnaam is: ${p.username}. Kies met de link hieronder uw wachtwoord. De link werkt 7 dagen en maar één keer.`,
  'mail.recovery.subject': (p: { practice: Text }) => `Nieuw wachtwoord kiezen – ${p.practice}`,
  'mail.recovery.body':
    'U vroeg om een nieuw wachtwoord. Kies met de link hieronder een nieuw wachtwoord. De link werkt 30 minuten en maar één keer.',
  'mail.recovery.notYou': 'Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen. Uw wachtwoord blijft hetzelfde.',
  'mail.portal': 'het portaal',
  'mail.passwordChanged.subject': (p: { practice: Text }) => `Uw wachtwoord is gewijzigd – ${p.practice}`,
  'mail.passwordChanged.body': (p: { time: Text; date: Text }) =>
    `Het wachtwoord van uw account op het portaal is gewijzigd op ${p.date} om ${p.time} uur. Op andere apparaten bent u uitgelogd.`,
  'mail.passwordChanged.notYou':
    'Heeft u dit niet zelf gedaan? Kies dan meteen een nieuw wachtwoord met "Wachtwoord vergeten?" op de inlogpagina, en neem contact op met uw praktijk.',
  'mail.emailCode.subject': (p: { time: Text; practice: Text }) => `Sessiecode voor uw nieuwe e-mailadres, ${p.time} uur – ${p.practice}`,
  'mail.emailCode.intro': (p: { time: Text }) =>
    `U vroeg om ${p.time} uur om dit e-mailadres te gebruiken voor uw account op het portaal. Vul deze sessiecode in om dat te bevestigen:`,
  'mail.emailCode.notYou':
    'Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen. Zonder deze code verandert er niets. Twijfelt u? Neem dan contact op met uw praktijk.',
  'mail.emailChanged.subject': (p: { practice: Text }) => `Uw e-mailadres is gewijzigd – ${p.practice}`,
  'mail.emailChanged.body': (p: { date: Text; time: Text; email: Text }) =>
    `Het e-mailadres van uw account op het portaal is op ${p.date} om ${p.time} uur gewijzigd in ${p.email}. Vanaf nu sturen wij sessiecodes en andere e-mail van het portaal naar dat adres. Op andere apparaten bent u uitgelogd.`,
  'mail.emailChanged.notYou':
    'Was dit u niet? Neem dan meteen contact op met uw praktijk. De praktijk kan uw e-mailadres weer goed zetten.',

  'diagnosis.title': (p: { name: Text }) => `Kan niet inloggen – ${p.name}`,
  'diagnosis.intro': (p: { days: number }) =>
    `Hier ziet u wat er de afgelopen ${p.days} dagen gebeurde als deze patiënt probeerde in te loggen. Bovenaan staat wat er waarschijnlijk misgaat en wat u kunt doen.`,
  'diagnosis.heading.findings': 'Wat gaat er mis?',
  'diagnosis.heading.actions': 'Oplossen',
  'diagnosis.heading.now': 'Stand van nu',
  'diagnosis.heading.timeline': (p: { days: number }) => `Wat er gebeurde (afgelopen ${p.days} dagen, nieuwste bovenaan)`,
  'diagnosis.timeOnDate': (p: { time: Text; date: Text }) => `${p.time} op ${p.date}`,
  'diagnosis.fixLabel': 'Wat kunt u doen?',
  'diagnosis.fix.askColleague': 'U mag dit zelf niet doen. Vraag een assistent of de praktijkmanager.',
  'diagnosis.fix.askPractice': 'De helpdesk kan dit niet zelf doen. Vraag de praktijk dit te doen.',

  'diagnosis.finding.deactivated': 'Het account van de patiënt is stopgezet. Daarom kan de patiënt niet inloggen.',
  'diagnosis.fix.deactivated': 'Moet de patiënt weer kunnen inloggen? Zet het account dan weer aan bij de patiëntgegevens.',
  'diagnosis.finding.never_activated': (p: { time: Text | null }) =>
    p.time === null
      ? 'De patiënt heeft het account nog niet geactiveerd. De afgelopen 14 dagen is er geen uitnodiging verstuurd.'
      : `De patiënt heeft het account nog niet geactiveerd. De laatste uitnodiging is om ${p.time} gemaakt.`,
  'diagnosis.fix.never_activated':
    'Controleer samen met de patiënt het e-mailadres. Stuur daarna de uitnodiging opnieuw bij de patiëntgegevens. De link in de uitnodiging werkt 7 dagen.',
  'diagnosis.finding.code_paused': (p: { time: Text; tries: number }) =>
    `Het invullen van codes is gepauzeerd tot ${p.time} na ${p.tries} verkeerde pogingen.`,
  'diagnosis.fix.code_paused':
    'Weet u zeker dat u de patiënt zelf spreekt? Kies dan hieronder "Blokkade opheffen". Anders kan de patiënt het na de pauze zelf opnieuw proberen.',
  'diagnosis.finding.password_throttled': (p: { time: Text; failures: number }) =>
    `Inloggen met het wachtwoord is geblokkeerd tot ${p.time}, na ${p.failures} keer een verkeerd wachtwoord.`,
  'diagnosis.fix.password_throttled':
    'Weet de patiënt het wachtwoord niet meer? Vertel de patiënt dan "Wachtwoord vergeten?" te kiezen. Spreekt u de patiënt zelf? Dan kunt u hieronder de blokkade opheffen.',
  'diagnosis.finding.code_mail_limit': (p: { count: number; time: Text }) =>
    `Er zijn het afgelopen uur ${p.count} e-mails met een code verstuurd. Meer mag niet. Een nieuwe code kan weer vanaf ${p.time}.`,
  'diagnosis.fix.code_mail_limit': (p: { time: Text }) =>
    `Vraag de patiënt om alle oude e-mails met een sessiecode weg te gooien. Laat de patiënt om ${p.time} opnieuw inloggen en alleen de nieuwste e-mail gebruiken.`,
  'diagnosis.finding.mail_rejected': (p: { time: Text; response: Text }) =>
    `De e-mail van ${p.time} is door de mailserver van de patiënt geweigerd: ${p.response}.`,
  'diagnosis.fix.mail_rejected': (p: { email: Text }) =>
    `Controleer samen met de patiënt het e-mailadres: ${p.email}. Klopt het niet? Verbeter het bij de patiëntgegevens. Klopt het wel? Dan is de mailbox misschien vol. Vraag de patiënt oude e-mails weg te gooien.`,
  'diagnosis.finding.mail_failed': (p: { time: Text; error: Text }) => `De e-mail van ${p.time} kon niet worden verstuurd: ${p.error}.`,
  'diagnosis.fix.mail_failed': 'Dit ligt niet aan de patiënt. Neem contact op met de helpdesk van de leverancier.',
  'diagnosis.finding.older_code_used': (p: { entered: Text; older: Text | null; newest: Text | null }) =>
    p.newest === null
      ? `De patiënt vulde om ${p.entered} een oudere code in.`
      : `De patiënt vulde om ${p.entered} een oudere code in; de nieuwste was om ${p.newest} verstuurd.${p.older === null ? '' : ` De ingevulde code kwam uit de e-mail van ${p.older}.`}`,
  'diagnosis.fix.older_code_used':
    'Vertel de patiënt: gebruik alleen de code uit de nieuwste e-mail. De tijd in de onderwerpregel van die e-mail is dezelfde als op het scherm. Gooi oudere e-mails met een sessiecode weg.',
  'diagnosis.finding.used_code_again': (p: { entered: Text; used: Text | null }) =>
    p.used === null
      ? `De patiënt vulde om ${p.entered} een code in die al was gebruikt.`
      : `De patiënt vulde om ${p.entered} een code in die om ${p.used} al was gebruikt.`,
  'diagnosis.fix.used_code_again': 'Een code werkt maar één keer. Vertel de patiënt opnieuw in te loggen en de code uit de nieuwe e-mail te gebruiken.',
  'diagnosis.finding.mail_delayed': (p: { time: Text; attempts: number; sent: Text | null }) =>
    p.sent === null
      ? `De e-mail van ${p.time} wacht nog op verzending (${p.attempts} ${p.attempts === 1 ? 'poging' : 'pogingen'}).`
      : `De e-mail van ${p.time} is pas om ${p.sent} verstuurd (${p.attempts} ${p.attempts === 1 ? 'poging' : 'pogingen'}).`,
  'diagnosis.fix.mail_delayed': (p: { sent: boolean }) =>
    p.sent
      ? 'Door de vertraging kan de code al verlopen zijn toen de patiënt hem zag. Laat de patiënt opnieuw inloggen en de nieuwe code meteen invullen.'
      : 'Het portaal blijft het proberen. Vraag de patiënt de pagina open te laten en even te wachten. Blijft het hangen? Neem contact op met de helpdesk.',
  'diagnosis.finding.code_expired_before_use': (p: { code: Text | null; until: Text | null; entered: Text }) =>
    p.code === null || p.until === null
      ? `De code was al verlopen toen de patiënt hem om ${p.entered} invulde.`
      : `De code van ${p.code} is verlopen voordat hij werd ingevuld: hij werkte tot ${p.until}, de patiënt vulde om ${p.entered} een code in.`,
  'diagnosis.fix.code_expired_before_use': (p: { minutes: number | null }) =>
    `Een code werkt ${p.minutes ?? 10} minuten. Vertel de patiënt een nieuwe code aan te vragen met "Geen sessiecode ontvangen?" en die meteen in te vullen. Laat het scherm met de code open staan.`,
  'diagnosis.finding.wrong_codes': (p: { count: number; last: Text; voided: boolean }) =>
    `De patiënt vulde ${p.count} keer een verkeerde code in, het laatst om ${p.last}.${p.voided ? ' Na 5 verkeerde pogingen werkt een code niet meer.' : ''}`,
  'diagnosis.fix.wrong_codes':
    'Vertel de patiënt de 6 cijfers precies over te nemen uit de nieuwste e-mail. Kopiëren en plakken mag; spaties zijn geen probleem.',
  'diagnosis.finding.wrong_password_many': (p: { count: number; last: Text }) =>
    `De patiënt vulde ${p.count} keer een verkeerd wachtwoord in, het laatst om ${p.last}.`,
  'diagnosis.fix.wrong_password_many':
    'U kunt het wachtwoord niet zien. Vertel de patiënt op de inlogpagina "Wachtwoord vergeten?" te kiezen. De patiënt krijgt dan een e-mail om een nieuw wachtwoord te kiezen.',
  'diagnosis.finding.code_never_entered': (p: { login: Text; until: Text }) =>
    `De patiënt logde om ${p.login} in, maar vulde geen code in. De code werkte tot ${p.until}.`,
  'diagnosis.fix.code_never_entered': (p: { sent: Text | null }) =>
    `${p.sent === null ? 'Vraag' : `De e-mail is om ${p.sent} verstuurd. Vraag`} of de patiënt hem heeft gekregen. Kijk samen in de map "Ongewenste e-mail". Laat de patiënt daarna opnieuw inloggen.`,
  'diagnosis.finding.waiting_for_code': (p: { login: Text; until: Text }) =>
    `De patiënt logde om ${p.login} in en heeft de code nog niet ingevuld. De code werkt tot ${p.until}.`,
  'diagnosis.fix.waiting_for_code': (p: { code: Text }) =>
    `Vraag de patiënt de code uit de e-mail van ${p.code} in te vullen. Geen e-mail? Laat de patiënt in de map "Ongewenste e-mail" kijken.`,
  'diagnosis.finding.all_good_recently': (p: { time: Text }) => `Het laatste inloggen is gelukt, om ${p.time}. Daarna ging er niets mis.`,
  'diagnosis.fix.all_good_recently': 'Vraag de patiënt wat er precies misgaat. Laat de patiënt het nu opnieuw proberen en vernieuw daarna deze pagina.',
  'diagnosis.finding.no_recent_attempts': (p: { days: number }) => `Wij zien de afgelopen ${p.days} dagen geen inlogpogingen van deze patiënt.`,
  'diagnosis.fix.no_recent_attempts':
    'Controleer samen met de patiënt de gebruikersnaam. Laat de patiënt het nu proberen en vernieuw daarna deze pagina.',
  'diagnosis.finding.no_cause_found': 'Wij zien geen duidelijke oorzaak. Kijk in de lijst hieronder wat er gebeurde.',
  'diagnosis.fix.no_cause_found': 'Laat de patiënt het nu opnieuw proberen en vernieuw daarna deze pagina.',

  'diagnosis.action.lift': 'Blokkade opheffen',
  'diagnosis.action.liftHint':
    'Dit zet het aantal verkeerde codes op 0 en haalt de blokkade van het wachtwoord weg. Doe dit alleen als u zeker weet dat u de patiënt zelf spreekt.',
  'diagnosis.action.nothingToLift': 'Er is nu geen blokkade om op te heffen.',
  'diagnosis.action.correctEmail': 'E-mailadres verbeteren',
  'diagnosis.action.sendActivation': 'Uitnodiging opnieuw sturen',
  'diagnosis.action.patient': 'Naar de patiëntgegevens',
  'diagnosis.action.refresh': 'Deze pagina vernieuwen',
  'diagnosis.notice.lifted': 'De blokkade is opgeheven. De patiënt kan weer inloggen en een code invullen.',

  'diagnosis.now.username': 'Gebruikersnaam',
  'diagnosis.now.email': 'E-mailadres',
  'diagnosis.now.status': 'Account',
  'diagnosis.now.wrongCodes': 'Verkeerde codes op rij',
  'diagnosis.now.codePause': 'Codes invullen',
  'diagnosis.now.passwordBlock': 'Wachtwoord invullen',
  'diagnosis.now.possible': 'Kan',
  'diagnosis.now.blockedUntil': (p: { time: Text }) => `Geblokkeerd tot ${p.time}`,

  'diagnosis.timeline.empty': 'In deze periode is er niets gebeurd.',
  'diagnosis.item.password_accepted': 'Gebruikersnaam en wachtwoord goed ingevuld.',
  'diagnosis.item.password_refused': 'Verkeerd wachtwoord ingevuld.',
  'diagnosis.item.password_throttled': (p: { until: Text | null }) =>
    p.until === null ? 'Inloggen geweigerd: te vaak een verkeerd wachtwoord.' : `Inloggen geweigerd: te vaak een verkeerd wachtwoord. Geblokkeerd tot ${p.until}.`,
  'diagnosis.item.code_made': (p: { until: Text; onRequest: boolean }) =>
    `${p.onRequest ? 'Nieuwe code gemaakt, omdat de patiënt erom vroeg' : 'Code gemaakt'}. Deze code werkt tot ${p.until}.`,
  'diagnosis.item.code_superseded': (p: { code: Text }) => `De code van ${p.code} werkt niet meer: er is een nieuwere code gemaakt.`,
  'diagnosis.item.code_voided': (p: { code: Text }) => `De code van ${p.code} is geblokkeerd na 5 verkeerde pogingen.`,
  'diagnosis.item.code_expired': (p: { code: Text }) => `De code van ${p.code} is verlopen. Hij is niet gebruikt.`,
  'diagnosis.item.code_accepted': (p: { code: Text | null }) =>
    p.code === null ? 'Goede code ingevuld. De patiënt is ingelogd.' : `Goede code ingevuld (van ${p.code}). De patiënt is ingelogd.`,
  'diagnosis.item.code_paused': (p: { until: Text | null; tries: number | null }) =>
    `Invullen van codes gepauzeerd${p.until === null ? '' : ` tot ${p.until}`}${p.tries === null ? '' : `, na ${p.tries} verkeerde pogingen`}.`,
  'diagnosis.item.refused.wrong_code': (p: { tries: number | null }) =>
    p.tries === null ? 'Verkeerde code ingevuld.' : `Verkeerde code ingevuld (${p.tries}e verkeerde poging op rij).`,
  'diagnosis.item.refused.wrong_code_voided': (p: { tries: number | null }) =>
    `Verkeerde code ingevuld${p.tries === null ? '' : ` (${p.tries}e verkeerde poging op rij)`}. Daarom werkt deze code niet meer.`,
  'diagnosis.item.refused.older_code': (p: { code: Text | null }) =>
    p.code === null ? 'Oudere code ingevuld.' : `Oudere code ingevuld: de code van ${p.code}.`,
  'diagnosis.item.refused.used_code': (p: { code: Text | null }) =>
    p.code === null ? 'Code ingevuld die al gebruikt was.' : `Code ingevuld die al gebruikt was: de code van ${p.code}.`,
  'diagnosis.item.refused.expired': (p: { code: Text | null }) =>
    p.code === null ? 'Code ingevuld, maar de code was al verlopen.' : `Code ingevuld, maar de code van ${p.code} was al verlopen.`,
  'diagnosis.item.refused.voided_code': 'Code ingevuld die al geblokkeerd was.',
  'diagnosis.item.refused.other': 'Code ingevuld en geweigerd.',
  'diagnosis.item.attempt_expired': 'Het inloggen is verlopen: er is binnen een uur geen goede code ingevuld.',
  'diagnosis.item.block_lifted': 'De praktijk heeft de blokkade opgeheven.',
  'diagnosis.item.account_created': 'Account gemaakt.',
  'diagnosis.item.password_set': 'De patiënt heeft een (nieuw) wachtwoord gekozen.',
  'diagnosis.item.recovery_requested': 'De patiënt koos "Wachtwoord vergeten?".',
  'diagnosis.item.deactivated': 'De praktijk heeft het account stopgezet.',
  'diagnosis.item.reactivated': 'De praktijk heeft het account weer aangezet.',
  'diagnosis.item.details_changed': 'De praktijk heeft de gegevens van de patiënt aangepast.',
  'diagnosis.item.email_changed': 'De patiënt heeft zelf een nieuw e-mailadres ingesteld. Sessiecodes gaan vanaf dan naar het nieuwe adres.',
  'diagnosis.item.password_changed': 'De patiënt heeft zelf het wachtwoord gewijzigd in Mijn account.',
  'diagnosis.mail.session_code': 'E-mail met een sessiecode',
  'diagnosis.mail.session_code_repeat': 'E-mail met dezelfde sessiecode nog een keer',
  'diagnosis.mail.activation': 'Uitnodiging',
  'diagnosis.mail.recovery': 'E-mail voor een nieuw wachtwoord',
  'diagnosis.mail.other': 'E-mail',
  'diagnosis.item.mail.sent': (p: { what: Text; to: Text; sent: Text; response: Text | null }) =>
    `${p.what} naar ${p.to}: om ${p.sent} verstuurd.${p.response === null ? '' : ` Antwoord van de mailserver: ${p.response}`}`,
  'diagnosis.item.mail.waiting': (p: { what: Text; to: Text; attempts: number; error: Text | null }) =>
    `${p.what} naar ${p.to}: wacht op verzending${p.attempts > 0 ? ` (${p.attempts} ${p.attempts === 1 ? 'poging' : 'pogingen'})` : ''}.${p.error === null ? '' : ` Laatste fout: ${p.error}`}`,
  'diagnosis.item.mail.failed': (p: { what: Text; to: Text; error: Text | null }) =>
    `${p.what} naar ${p.to}: niet afgeleverd.${p.error === null ? '' : ` Antwoord: ${p.error}`}`,
  'diagnosis.item.mail.dropped': (p: { what: Text; to: Text }) =>
    `${p.what} naar ${p.to}: niet verstuurd, omdat de code al niet meer geldig was.`,

  'devMailbox.title': 'Ontwikkel-mailbox',
  'devMailbox.intro': 'Alle e-mail die het portaal verstuurt, komt hier binnen. Deze pagina bestaat alleen in de ontwikkelomgeving.',
  'devMailbox.empty': 'Nog geen e-mail.',
  'devMailbox.refresh': 'Vernieuwen',
} as const;

type Catalogue = CatalogueOf<typeof nl>;

const en: Catalogue = {
  ...servicesEn,
  ...consultsEn,
  ...appointmentsEn,
  ...prescriptionsEn,
  'app.name': 'Praktijkportaal',
  'layout.skip': 'Skip to content',
  'layout.switchLanguage': 'Nederlands',
  'layout.switchLanguageLabel': 'Wissel naar Nederlands',
  'layout.logout': 'Log out',
  'layout.footer': 'Having trouble? Contact your GP practice. They will help you.',
  'layout.staffFooter': 'Questions about the portal or a fault? Contact the vendor help desk.',
  'layout.errorSummary': 'Something went wrong',
  'layout.englishOffer': 'This portal is also available in English.',

  'login.title': 'Log in',
  'login.staffTitle': 'Log in for practice staff',
  'login.intro': 'Log in with your username and password. We will then send you a session code by e-mail.',
  'login.staffIntro': 'For practice staff and the help desk. After your password the portal asks for a session code.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.forgot': 'Forgot your password?',
  'login.error.missing': 'Please fill in your username and your password.',
  'login.error.invalid': 'The username or the password is not correct. Check both and try again.',
  'login.error.throttled': (p) =>
    `You entered a wrong password too often. Try again at ${p.time}. Forgot your password? Choose "Forgot your password?".`,
  'login.error.tooManyCodes': (p) => `Too many session codes were sent in the last hour. Try again at ${p.time}.`,
  'login.error.accountClosed': 'Your account is not active. Please contact your GP practice.',
  'login.notice.loggedOut': 'You have logged out.',
  'login.notice.sessionEnded': 'You were inactive for a while, so you were logged out. Please log in again.',
  'login.notice.startAgain': 'Please log in again. You will get a new session code.',

  'code.title': 'Session code',
  'code.intro': 'Enter your session code below. You received this code by e-mail.',
  'code.sentAt': (p) => `At ${p.time} we sent an e-mail with your session code to ${p.email}.`,
  'code.matchTime': (p) => `Look in your mailbox for the e-mail of ${p.time}. The code in that e-mail works.`,
  'code.sentAgainSame': (p) => `At ${p.time} we sent the same code again. Every e-mail with this code works.`,
  'code.validUntil': (p) => `The code works until ${p.time}.`,
  'code.delivery.waiting': 'The e-mail is being sent now.',
  'code.delivery.sent': (p) => `The e-mail was sent at ${p.time}. It can take a few minutes to reach your mailbox.`,
  'code.delivery.retrying': 'Sending the e-mail is delayed. We keep trying. You do not need to do anything: keep this page open.',
  'code.delivery.failed':
    'The e-mail with your code could not be delivered. Perhaps your e-mail address is wrong or your mailbox is full. Please contact your GP practice.',
  'code.delivery.dropped': 'This e-mail was not sent because the code was no longer valid. Please ask for a new code.',
  'code.label': 'Session code',
  'code.hint': 'The code has 6 digits, for example 123456.',
  'code.submit': 'Continue',
  'code.noCode': 'No session code received?',
  'code.moreInfo': 'More about session codes?',
  'code.cancel': 'Stop and log in again',
  'code.app.title': 'Or: code from your authenticator app',
  'code.app.submit': 'Log in with the app',
  'code.app.notSetUp': 'No authenticator app is linked to your account. Use the code from the e-mail.',
  'code.error.wrong': (p) =>
    `This session code is not correct. Check the 6 digits in the newest e-mail. You can try ${p.triesLeft} more ${p.triesLeft === 1 ? 'time' : 'times'} with this code.`,
  'code.error.empty': 'You did not enter a session code. Enter the 6 digits from the e-mail.',
  'code.error.tooFewDigits': (p) =>
    `You entered ${p.count} ${p.count === 1 ? 'digit' : 'digits'}. A session code has exactly 6 digits. Check the e-mail for the missing digits. This did not count as a try.`,
  'code.error.tooManyDigits': (p) =>
    `You entered ${p.count} digits. A session code has exactly 6 digits. Perhaps you copied too much. This did not count as a try.`,
  'code.error.notDigits': 'A session code has only digits. You also entered letters or other characters. This did not count as a try.',
  'code.error.expired': (p) =>
    `This session code has expired. A code works for ${p.minutes} minutes. This code was made at ${p.time}. Ask for a new code below.`,
  'code.error.older': (p) =>
    `You entered an old session code, from the e-mail of ${p.older}. That code no longer works, because we sent a new code at ${p.newest}. Use the code from the e-mail of ${p.newest}.`,
  'code.error.used': (p) => `This session code was already used at ${p.time}. A code works only once. Use the code from the newest e-mail.`,
  'code.error.voided': 'You entered a wrong code 5 times, so this code no longer works. Ask for a new code below.',
  'code.error.paused': (p) =>
    `You entered a wrong code too often. For your safety you can enter a code again at ${p.time}. Still not working then? Please contact your GP practice.`,
  'code.error.noLiveCode': 'There is no valid session code right now. Ask for a new code below.',
  'code.error.superseded': (p) =>
    `You logged in again at ${p.time}, in another window. So this page no longer works. Go to the newest window, or log in again below.`,
  'code.error.supersededUnknownTime': 'You logged in again in another window. So this page no longer works. Go to the newest window, or log in again below.',
  'code.error.attemptExpired': 'Logging in took too long. Please log in again below. You will get a new code.',
  'code.resent.same': (p) => `We sent the e-mail again. It has the same code as the e-mail of ${p.first}. Both e-mails work.`,
  'code.resent.new': (p) => `We sent a new code at ${p.time}. Older codes no longer work. You can delete old session code e-mails.`,
  'code.resent.wait': (p) => `The previous e-mail was sent just now. You can ask for another e-mail in ${p.seconds} seconds. Meanwhile, check your junk mail folder.`,
  'code.resent.hourly': (p) => `Many e-mails were sent in the last hour already. You can ask for a code again at ${p.time}.`,
  'code.tips.title': 'No e-mail?',
  'code.tips.spam': 'Look in your "Junk" or "Spam" folder.',
  'code.tips.refresh': 'Refresh your mailbox. In Outlook, click "Send/Receive".',
  'code.tips.address': (p) => `We send the e-mail to ${p.email}. Not your address? Please contact your GP practice.`,
  'code.tips.keepOpen': 'Keep this page open while you check your mailbox.',
  'code.resend.button': 'Send the e-mail again',
  'code.resend.available': (p) => `You can ask for another e-mail from ${p.time}.`,

  'codeHelp.title': 'What is a session code?',
  'codeHelp.what':
    'A session code is a number of 6 digits. We send it to your e-mail address when you log in with your username and password. This way we know it is really you.',
  'codeHelp.once': (p) => `A code works only once, for ${p.minutes} minutes.`,
  'codeHelp.newest':
    'Do you log in again? Then you get a new code and the old one stops working. The page always tells you at what time the valid code was sent. Look for the e-mail with that time.',
  'codeHelp.spaces': 'Copying the code? Spaces before or after it are no problem.',
  'codeHelp.notReceived':
    'No e-mail? Look in your junk mail folder. Otherwise choose "No session code received?" and we will send the e-mail again.',
  'codeHelp.stillStuck': 'Still not working? Contact your GP practice. The practice can see what went wrong and help you.',
  'codeHelp.back': 'Back to the session code',

  'home.title': 'Welcome',
  'home.greeting': (p) => `Welcome, ${p.name}.`,
  'home.practice': (p) => `You are logged in at ${p.practice}.`,
  'home.myAccount': 'My account',

  'account.title': 'My account',
  'account.intro': 'Here you see when someone logged in to your account and where you are logged in now. You can also change your e-mail address and your password.',
  'account.signIns.title': 'Recent logins',
  'account.signIns.none': 'Nobody has logged in to your account yet.',
  'account.signIns.time': 'Time',
  'account.signIns.browser': 'Browser',
  'account.signIns.outcome': 'Result',
  'account.outcome.sign_in.code_accepted': 'Logged in',
  'account.outcome.sign_in.code_refused': 'Not logged in: wrong session code',
  'account.outcome.sign_in.code_paused': 'Not logged in: too many wrong session codes',
  'account.outcome.sign_in.password_refused': 'Not logged in: wrong password',
  'account.outcome.sign_in.password_throttled': 'Not logged in: blocked for a while after too many wrong passwords',
  'account.browser': (p) => `${p.browser} on ${p.system}`,
  'account.browser.unknown': 'Unknown browser',
  'account.system.unknown': 'unknown system',
  'account.sessions.title': 'Where you are logged in now',
  'account.sessions.since': 'Logged in since',
  'account.sessions.lastSeen': 'Last active',
  'account.sessions.current': 'This device',
  'account.sessions.other': 'Other device',
  'account.sessions.endOthers': 'Log out elsewhere',
  'account.sessions.endOthersHint': 'This logs you out on all other devices. You stay logged in on this device.',
  'account.sessions.ended': (p) => (p.count === 1 ? 'You have been logged out on 1 other device.' : `You have been logged out on ${p.count} other devices.`),
  'account.password.title': 'Change password',
  'account.password.current': 'Current password',
  'account.password.submit': 'Change password',
  'account.password.changed': 'Your password has been changed. You have been logged out on other devices. You will get an e-mail about this.',
  'account.password.error.wrongCurrent': 'Your current password is not correct. Please try again.',
  'account.password.error.throttled': (p) => `You entered a wrong password too often. Try again at ${p.time}.`,
  'account.notMe.title': 'Was this not you?',
  'account.notMe.intro':
    'Do you see a login above that you do not recognise? Then this logs you out everywhere, here too. Then choose a new password.',
  'account.notMe.submit': 'Was this not you? Log out everywhere',
  'account.notMe.done':
    'You have been logged out everywhere. Now choose a new password: enter your username or e-mail address below. Please also contact your GP practice.',
  'account.back': 'Back to the start page',
  'account.email.title': 'Change e-mail address',
  'account.email.current': (p) => `We now send your session codes and other e-mail to ${p.email}.`,
  'account.email.intro':
    'Do you want to use another e-mail address? Enter the new address and your password below. We will then send a session code to the new address. Your e-mail address only changes once you have entered that code.',
  'account.email.new': 'New e-mail address',
  'account.email.newHint': 'For example name@example.com',
  'account.email.submit': 'Send session code',
  'account.email.error.invalid': 'This e-mail address is not correct. An e-mail address looks like name@example.com. Nothing has been changed.',
  'account.email.error.same': 'This already is your e-mail address. Nothing has been changed.',
  'account.email.error.wrongPassword': 'Your password is not correct. Nothing has been changed. Please try again.',
  'account.email.error.tooMany': (p) =>
    `In the past hour you already asked 3 times for a session code for a new e-mail address. You can ask again at ${p.time}. Nothing has been changed.`,
  'account.email.changed': (p) =>
    `Your e-mail address has been changed to ${p.email}. You have been logged out on other devices. We sent a message to your old e-mail address.`,
  'account.email.confirm.title': 'Confirm your new e-mail address',
  'account.email.confirm.sentAt': (p) => `At ${p.time} we sent an e-mail with a session code to ${p.email}. That is the new e-mail address you entered.`,
  'account.email.confirm.intro': 'Enter the session code from that e-mail below. Your e-mail address only changes when the code is right.',
  'account.email.confirm.validUntil': (p) => `The code works until ${p.time}.`,
  'account.email.confirm.again': 'Entered a wrong e-mail address, or no e-mail received? Enter the new e-mail address again',
  'account.email.confirm.back': 'Back to My account',
  'account.email.error.voided':
    'You entered a wrong session code 5 times, so this code no longer works. Your e-mail address has not been changed. Enter the new e-mail address again. You will then get a new code.',
  'account.email.error.expired': (p) =>
    `This session code has expired. A code works for ${p.minutes} minutes. This code was made at ${p.time}. Your e-mail address has not been changed. Enter the new e-mail address again. You will then get a new code.`,
  'account.email.error.older': (p) =>
    `You entered an old session code, from the e-mail of ${p.older}. At ${p.newest} we sent a new code. Use the code from the e-mail of ${p.newest}. This did not count as a try.`,
  'account.email.error.used': (p) => `You already confirmed your new e-mail address at ${p.time}. A session code works only once.`,
  'account.email.error.superseded':
    'After this you entered a new e-mail address again, in another window. So this code no longer works. Use that window, or enter the new e-mail address here again.',
  'account.email.error.changedMeanwhile':
    'Your e-mail address has been changed in the meantime, for example by your GP practice. So this code no longer works. Look in My account which e-mail address applies now.',

  'console.title': 'Practice console',
  'console.greeting': (p) => `Logged in as ${p.name}.`,
  'console.practice': (p) => `Practice: ${p.practice}.`,
  'console.support': 'You are logged in as the vendor help desk.',
  'console.nav': 'Console',
  'console.helpIntro': 'A patient cannot log in? Look the patient up and choose "Cannot log in". You will see what happened and what you can do.',
  'console.patients': 'Patients',
  'console.audit': 'Audit log',
  'patients.title': 'Patients',
  'patients.search': 'Search by name, username, e-mail address or date of birth',
  'patients.searchButton': 'Search',
  'patients.none': 'No patients found.',
  'patients.add': 'Add patient',
  'patients.column.name': 'Name',
  'patients.column.username': 'Username',
  'patients.column.email': 'E-mail address',
  'patients.column.dateOfBirth': 'Date of birth',
  'patients.column.status': 'Status',
  'patients.column.practice': 'Practice',
  'patients.status.active': 'Active',
  'patients.status.awaiting_activation': 'Awaiting activation',
  'patients.status.deactivated': 'Stopped',
  'patient.name': 'Name',
  'patient.email': 'E-mail address',
  'patient.phone': 'Phone number',
  'patient.dateOfBirth': 'Date of birth (dd-mm-yyyy)',
  'patient.username': 'Username',
  'patient.save': 'Save details',
  'patient.saved': 'The details have been saved.',
  'patient.create': 'Add and send invitation',
  'patient.created': 'The patient has been added. The invitation is sent by e-mail.',
  'patient.deactivate': 'Stop account',
  'patient.deactivated': 'The account has been stopped. The patient can no longer log in.',
  'patient.reactivate': 'Turn account on again',
  'patient.reactivated': 'The account is on again.',
  'patient.sendActivation': 'Send invitation (again)',
  'patient.activationSent': 'The invitation is being sent by e-mail.',
  'patient.cannotLogIn': 'Cannot log in',
  'patient.error.email': 'This e-mail address is not valid. Check it and try again.',
  'patient.error.date': 'This date of birth is not valid. Write it as dd-mm-yyyy.',
  'patient.error.input': (p) => `That did not work: ${p.reason}`,
  'patient.readOnly': 'You can view these details but not change them.',
  'authenticator.title': 'Authenticator app',
  'authenticator.intro': 'With an authenticator app on your phone you log in without waiting for an e-mail. The app makes a new 6-digit code every 30 seconds.',
  'authenticator.step1': 'Open your authenticator app (for example Microsoft Authenticator or Google Authenticator) and choose "add account".',
  'authenticator.step2': 'Scan the QR code below, or type in the key.',
  'authenticator.step3': 'Enter the code the app shows now, and choose "Link".',
  'authenticator.qrAlt': 'QR code to link the authenticator app. Scanning does not work? Type in the key below.',
  'authenticator.manual': 'Key to type in:',
  'authenticator.codeLabel': 'Code from the app',
  'authenticator.confirm': 'Link',
  'authenticator.wrongCode': 'This code is not correct. Check that the time on your phone is right and enter the newest code.',
  'authenticator.enabled': 'Your authenticator app is linked. When you log in you can now use the code from the app.',
  'authenticator.removed': 'Your authenticator app is unlinked. You log in with the e-mailed code again.',
  'authenticator.active': 'Your authenticator app is linked.',
  'authenticator.remove': 'Unlink authenticator app',
  'authenticator.required': 'Your practice asks all staff to use an authenticator app. Link the app first; then you can continue.',
  'settings.title': 'Practice settings',
  'settings.requireAuthenticator': 'All staff must use an authenticator app',
  'settings.requireAuthenticatorHint': 'Staff without an app must link one before they can continue. From then on they log in with the code from the app.',
  'settings.save': 'Save',
  'settings.saved': 'The settings have been saved.',
  'console.authenticator': 'Authenticator app',
  'console.settings': 'Settings',
  'audit.title': 'Audit log',
  'audit.intro': 'Who did what, on whose record, when and from which address. Viewing this log is recorded too.',
  'audit.caption': 'Events, newest first',
  'audit.when': 'When',
  'audit.who': 'Who',
  'audit.whom': 'On whose record',
  'audit.what': 'What',
  'audit.outcome': 'Outcome',
  'audit.where': 'From address',
  'audit.filter.patient': 'Patient (name or username)',
  'audit.filter.staff': 'Staff member (name or username)',
  'audit.filter.action': 'Kind of event',
  'audit.filter.anyAction': 'All',
  'audit.filter.from': 'From date (dd-mm-yyyy)',
  'audit.filter.to': 'Up to and including date (dd-mm-yyyy)',
  'audit.filter.submit': 'Filter',
  'audit.export': 'Download as CSV',
  'audit.none': 'No events found.',
  'audit.outcome.success': 'succeeded',
  'audit.outcome.failure': 'failed',
  'audit.outcome.info': 'notice',
  'audit.more': (p) => `You see the newest ${p.count}. Narrow the filter or download everything as CSV.`,
  'patient.editTitle': 'Change details',
  'console.since': 'Account since',
  'import.link': 'Import patients (CSV)',
  'import.title': 'Import patients',
  'import.intro':
    'Add many patients at once with a CSV file. First the portal checks every row and shows you which rows are not right. Only when everything is right can you import. Then all patients are added at once, or none.',
  'import.format.title': 'How to make the file',
  'import.format.header': 'The first row holds the names of the columns. Below it, one patient per row. The order of the columns does not matter.',
  'import.format.naam': 'naam: the name of the patient. Required, at most 200 characters.',
  'import.format.email': 'email: the e-mail address. Required. The invitation goes here.',
  'import.format.gebruikersnaam':
    'gebruikersnaam: the username the patient logs in with. Required. 3 to 100 characters: letters, digits, dot, dash, underscore or @. Each username may occur only once in the whole portal.',
  'import.format.geboortedatum': 'geboortedatum: the date of birth as dd-mm-yyyy, for example 31-12-1950. May be empty.',
  'import.format.telefoon': 'telefoon: the phone number. May be empty.',
  'import.format.separator':
    'Separate the columns with a semicolon (;) or a comma (,). The portal sees which one you use. Does a value contain the separator? Then put that value between double quotes (").',
  'import.format.encoding': 'Save the file as "CSV UTF-8". In Excel, choose Save as: "CSV UTF-8 (comma delimited)". A file with or without a BOM is fine.',
  'import.format.limit': (p) => `At most ${p.rows.toLocaleString('en-GB')} patients and ${p.megabytes} MB per file.`,
  'import.format.example': 'Example',
  'import.file': 'CSV file',
  'import.check': 'Check',
  'import.error.noFile': 'Choose a CSV file first.',
  'import.error.tooLarge': (p) => `The file is larger than ${p.megabytes} MB. Split it into smaller files.`,
  'import.error.encoding': 'The file is not saved as UTF-8. Save it as "CSV UTF-8" and try again.',
  'import.error.empty': 'The file is empty. The first row must hold the names of the columns, the patients below it.',
  'import.error.noRows': 'There are no patients in the file. Only the row with the names of the columns was found.',
  'import.error.syntax': (p) => `Row ${p.line} cannot be read. Often a quote (") is not closed. Check that row and the one before it.`,
  'import.error.missingColumns': (p) => `These columns are missing from the first row: ${p.columns}. They are required.`,
  'import.error.unknownColumns': (p) => `The portal does not know these columns: ${p.columns}. Use only naam, email, gebruikersnaam, geboortedatum and telefoon.`,
  'import.error.duplicateColumns': (p) => `These columns occur more than once in the first row: ${p.columns}.`,
  'import.error.tooManyRows': (p) => `The file has ${p.count.toLocaleString('en-GB')} patients. That is too many: at most ${p.max.toLocaleString('en-GB')} at a time. Split the file.`,
  'import.error.rows': (p) =>
    `${p.errors.toLocaleString('en-GB')} of the ${p.total.toLocaleString('en-GB')} ${p.total === 1 ? 'row is' : 'rows are'} not right. Nothing has been imported. Correct ${p.errors === 1 ? 'this row' : 'these rows'} in the file and check it again.`,
  'import.error.rowsShown': (p) => `You see the first ${p.shown.toLocaleString('en-GB')} of the ${p.errors.toLocaleString('en-GB')} rows with an error.`,
  'import.error.taken': (p) =>
    `Nothing has been imported. The username "${p.username}" (row ${p.line}) has been taken by another account in the meantime. Correct the file and check it again.`,
  'import.counts': (p) => `${p.total.toLocaleString('en-GB')} ${p.total === 1 ? 'patient' : 'patients'} read: ${p.ok.toLocaleString('en-GB')} right, ${p.errors.toLocaleString('en-GB')} with an error.`,
  'import.errorCaption': 'Rows with an error',
  'import.column.line': 'Row',
  'import.column.problem': 'What to change',
  'import.problem.columns': (p) => `This row has ${p.found} columns. The first row has ${p.expected}.`,
  'import.problem.name': 'The name is missing or longer than 200 characters.',
  'import.problem.email': 'The e-mail address is missing or not valid.',
  'import.problem.username':
    'The username is not valid. Use 3 to 100 characters: letters, digits, dot, dash, underscore or @. Start with a letter or digit.',
  'import.problem.usernameTaken': 'This username is already in use in the portal. Choose another one.',
  'import.problem.usernameTwice': (p) => `This username is also on row ${p.line}. Each username may occur only once.`,
  'import.problem.date': 'The date of birth is not valid. Write it as dd-mm-yyyy, for example 31-12-1950.',
  'import.problem.dateRange': 'The date of birth is in the future or before 1900.',
  'import.problem.phone': 'The phone number is not valid. Use 6 to 20 characters: digits, spaces, +, - and brackets.',
  'import.ok': (p) => `${p.count === 1 ? 'The row is' : `All ${p.count.toLocaleString('en-GB')} rows are`} right. Nothing has been imported yet. Check the details, then choose "Import".`,
  'import.sample': (p) => (p.shown === p.count ? 'The patients in the file' : `The first ${p.shown.toLocaleString('en-GB')} of the ${p.count.toLocaleString('en-GB')} patients`),
  'import.validFor': (p) => `Import within ${p.minutes} minutes. After that you have to check the file again.`,
  'import.invite': 'Send everyone an invitation now',
  'import.inviteHint': 'Each patient gets an e-mail with a link to choose a password. The link works for 7 days.',
  'import.confirm': (p) => `Import (${p.count.toLocaleString('en-GB')} ${p.count === 1 ? 'patient' : 'patients'})`,
  'import.again': 'Check another file',
  'import.done': (p) => `${p.count.toLocaleString('en-GB')} ${p.count === 1 ? 'patient has' : 'patients have'} been imported (${p.time}).`,
  'import.doneInvited': 'The invitations are being sent by e-mail.',
  'import.doneNotInvited': 'No invitations were sent. You can send them per patient from the patient details.',
  'import.expired': 'This check has expired. Nothing has been imported. Check the file again.',
  'import.toPatients': 'To the patients',

  'activation.title': 'Choose your password',
  'recovery.title': 'Choose a new password',
  'password.new': 'New password',
  'password.newHint': 'At least 8 characters. A long sentence of 15 characters or more is the safest and easy to remember.',
  'password.save': 'Save',
  'password.error.tooShort': 'Your password is too short. Use at least 8 characters.',
  'password.error.tooLong': 'Your password is too long. Use at most 128 characters.',
  'password.error.common': 'Many people use this password. That makes it easy to guess. Choose another password.',
  'password.error.guessable': 'This password is too easy to guess. Choose another password, for example a sentence of a few words.',
  'password.error.containsName': 'Your password contains your username or part of your e-mail address. That is easy to guess. Choose another password.',
  'password.tips': 'Tips for a better password:',
  'password.warning.straightRow': 'Keys next to each other on the keyboard are easy to guess.',
  'password.warning.keyPattern': 'Short keyboard patterns are easy to guess.',
  'password.warning.simpleRepeat': 'Repeated letters like "aaa" are easy to guess.',
  'password.warning.extendedRepeat': 'Repeated patterns like "abcabcabc" are easy to guess.',
  'password.warning.sequences': 'Sequences like "abc" or "123" are easy to guess.',
  'password.warning.recentYears': 'Recent years are easy to guess.',
  'password.warning.dates': 'Dates are easy to guess.',
  'password.warning.topTen': 'This is one of the most used passwords.',
  'password.warning.topHundred': 'Very many people use this password.',
  'password.warning.common': 'Many people use this password.',
  'password.warning.similarToCommon': 'This looks like a password that many people use.',
  'password.warning.wordByItself': 'A single word is easy to guess.',
  'password.warning.namesByThemselves': 'A first name or last name on its own is easy to guess.',
  'password.warning.commonNames': 'Common first names and last names are easy to guess.',
  'password.warning.userInputs': 'Do not use words that belong to you or to this website, such as your name.',
  'password.warning.pwned': 'This password is known from a data breach.',
  'password.suggestion.l33t': 'An "@" instead of an "a" does not help. Computers guess that too.',
  'password.suggestion.reverseWords': 'A common word spelled backwards does not help.',
  'password.suggestion.allUppercase': 'Only capital letters does not help much.',
  'password.suggestion.capitalization': 'Only a capital first letter does not help much.',
  'password.suggestion.dates': 'Do not use dates that belong to you.',
  'password.suggestion.recentYears': 'Do not use recent years.',
  'password.suggestion.associatedYears': 'Do not use years that belong to you.',
  'password.suggestion.sequences': 'Do not use sequences like "abc" or "123".',
  'password.suggestion.repeated': 'Do not repeat words or letters.',
  'password.suggestion.longerKeyboardPattern': 'Do not use keyboard patterns.',
  'password.suggestion.anotherWord': 'Add a few words that are less common.',
  'password.suggestion.useWords': 'Use a sentence of a few words. Do not choose a well-known sentence.',
  'password.suggestion.noNeed': 'You do not need special characters, capital letters or digits. A long sentence is strong enough.',
  'password.suggestion.pwned': 'Do you use this password somewhere else? Change it there too.',
  'password.saved': 'Your password has been saved. Now log in with your username and your new password.',
  'link.invalid':
    'This link no longer works. It may have been used already or have expired. Ask your GP practice for a new link, or choose "Forgot your password?".',
  'forgot.title': 'Forgot your password',
  'forgot.intro': 'Enter your username or e-mail address. We will send you an e-mail with a link to choose a new password.',
  'forgot.field': 'Username or e-mail address',
  'forgot.submit': 'Send',
  'forgot.sent':
    'If we find an account for what you entered, we will send an e-mail with a link within a few minutes. The link works for 30 minutes. No e-mail? Check your junk mail folder.',
  'forgot.error.missing': 'Please enter your username or e-mail address.',

  'error.title': 'Something went wrong',
  'error.notFound': 'This page does not exist.',
  'error.forbidden': 'You may not see this page.',
  'error.formExpired': 'The form had expired. Please try again.',
  'error.badRequest': 'Your browser sent something we do not understand. Please try again.',
  'error.server': 'Something went wrong on our side. Please try again in a few minutes.',
  'error.backHome': 'To the start page',

  'mail.code.subject': (p) => `Your session code of ${p.time} – ${p.practice}`,
  'mail.code.greeting': 'Dear patient,',
  'mail.code.intro': (p) => `You logged in to the portal at ${p.time}. Your session code is:`,
  'mail.code.validity': (p) => `The code works for ${p.minutes} minutes, until ${p.until}, and only once.`,
  'mail.code.replaces': 'This is a new code. Older session codes no longer work.',
  'mail.code.repeat': (p) => `You asked for this e-mail again. It is the same code as in the e-mail of ${p.time}.`,
  'mail.code.notYou':
    'Did you not log in yourself? Then someone else may know your password. Change your password and contact your practice.',
  'mail.footer': (p) => `This e-mail was sent automatically by the portal of ${p.practice}. You cannot reply to it.`,
  'mail.activation.subject': (p) => `Your account at ${p.practice}`,
  'mail.activation.body': (p) =>
    `${p.practice} has made an account for you on the patient portal. Your username is: ${p.username}. Choose your password with the link below. The link works for 7 days and only once.`,
  'mail.recovery.subject': (p) => `Choose a new password – ${p.practice}`,
  'mail.recovery.body': 'You asked for a new password. Choose a new password with the link below. The link works for 30 minutes and only once.',
  'mail.recovery.notYou': 'Did you not ask for this? Then you do not need to do anything. Your password stays the same.',
  'mail.portal': 'the portal',
  'mail.passwordChanged.subject': (p) => `Your password has been changed – ${p.practice}`,
  'mail.passwordChanged.body': (p) =>
    `The password of your account on the portal was changed on ${p.date} at ${p.time}. You have been logged out on other devices.`,
  'mail.passwordChanged.notYou':
    'Did you not do this yourself? Then choose a new password at once with "Forgot your password?" on the login page, and contact your practice.',
  'mail.emailCode.subject': (p) => `Session code for your new e-mail address, ${p.time} – ${p.practice}`,
  'mail.emailCode.intro': (p) => `At ${p.time} you asked to use this e-mail address for your account on the portal. Enter this session code to confirm:`,
  'mail.emailCode.notYou':
    'Did you not ask for this? Then you do not need to do anything. Without this code nothing changes. In doubt? Then contact your practice.',
  'mail.emailChanged.subject': (p) => `Your e-mail address has been changed – ${p.practice}`,
  'mail.emailChanged.body': (p) =>
    `The e-mail address of your account on the portal was changed on ${p.date} at ${p.time} to ${p.email}. From now on we send session codes and other e-mail from the portal to that address. You have been logged out on other devices.`,
  'mail.emailChanged.notYou': 'Was this not you? Then contact your practice at once. The practice can set your e-mail address right again.',

  'diagnosis.title': (p) => `Cannot log in – ${p.name}`,
  'diagnosis.intro': (p) =>
    `This shows what happened in the last ${p.days} days when this patient tried to log in. At the top: what probably goes wrong and what you can do.`,
  'diagnosis.heading.findings': 'What goes wrong?',
  'diagnosis.heading.actions': 'Fix it',
  'diagnosis.heading.now': 'Right now',
  'diagnosis.heading.timeline': (p) => `What happened (last ${p.days} days, newest first)`,
  'diagnosis.timeOnDate': (p) => `${p.time} on ${p.date}`,
  'diagnosis.fixLabel': 'What can you do?',
  'diagnosis.fix.askColleague': 'You may not do this yourself. Ask an assistant or the practice manager.',
  'diagnosis.fix.askPractice': 'The help desk cannot do this. Ask the practice to do it.',

  'diagnosis.finding.deactivated': "The patient's account has been stopped. That is why the patient cannot log in.",
  'diagnosis.fix.deactivated': "Should the patient be able to log in again? Then turn the account on again in the patient's details.",
  'diagnosis.finding.never_activated': (p) =>
    p.time === null
      ? 'The patient has not activated the account yet. No invitation was sent in the last 14 days.'
      : `The patient has not activated the account yet. The last invitation was made at ${p.time}.`,
  'diagnosis.fix.never_activated':
    "Check the e-mail address with the patient. Then send the invitation again in the patient's details. The link in the invitation works for 7 days.",
  'diagnosis.finding.code_paused': (p) => `Entering codes is paused until ${p.time} after ${p.tries} wrong tries.`,
  'diagnosis.fix.code_paused':
    'Are you sure you are talking to the patient? Then choose "Lift the block" below. Otherwise the patient can try again after the pause.',
  'diagnosis.finding.password_throttled': (p) => `Logging in with the password is blocked until ${p.time}, after ${p.failures} wrong passwords.`,
  'diagnosis.fix.password_throttled':
    'Has the patient forgotten the password? Then tell the patient to choose "Forgot your password?". Are you talking to the patient? Then you can lift the block below.',
  'diagnosis.finding.code_mail_limit': (p) =>
    `${p.count} e-mails with a code were sent in the last hour. That is the maximum. A new code is possible again from ${p.time}.`,
  'diagnosis.fix.code_mail_limit': (p) =>
    `Ask the patient to delete all old session code e-mails. Let the patient log in again at ${p.time} and use only the newest e-mail.`,
  'diagnosis.finding.mail_rejected': (p) => `The e-mail of ${p.time} was refused by the patient's mail server: ${p.response}.`,
  'diagnosis.fix.mail_rejected': (p) =>
    `Check the e-mail address with the patient: ${p.email}. Is it wrong? Correct it in the patient's details. Is it right? Then the mailbox may be full. Ask the patient to delete old e-mails.`,
  'diagnosis.finding.mail_failed': (p) => `The e-mail of ${p.time} could not be sent: ${p.error}.`,
  'diagnosis.fix.mail_failed': "This is not the patient's fault. Contact the vendor's help desk.",
  'diagnosis.finding.older_code_used': (p) =>
    p.newest === null
      ? `At ${p.entered} the patient entered an older code.`
      : `At ${p.entered} the patient entered an older code; the newest was sent at ${p.newest}.${p.older === null ? '' : ` The code entered came from the e-mail of ${p.older}.`}`,
  'diagnosis.fix.older_code_used':
    'Tell the patient: use only the code from the newest e-mail. The time in the subject of that e-mail is the same as on the screen. Delete older session code e-mails.',
  'diagnosis.finding.used_code_again': (p) =>
    p.used === null ? `At ${p.entered} the patient entered a code that was already used.` : `At ${p.entered} the patient entered a code that was already used at ${p.used}.`,
  'diagnosis.fix.used_code_again': 'A code works only once. Tell the patient to log in again and use the code from the new e-mail.',
  'diagnosis.finding.mail_delayed': (p) =>
    p.sent === null
      ? `The e-mail of ${p.time} is still waiting to be sent (${p.attempts} ${p.attempts === 1 ? 'try' : 'tries'}).`
      : `The e-mail of ${p.time} was only sent at ${p.sent} (${p.attempts} ${p.attempts === 1 ? 'try' : 'tries'}).`,
  'diagnosis.fix.mail_delayed': (p) =>
    p.sent
      ? 'Because of the delay the code may have expired by the time the patient saw it. Let the patient log in again and enter the new code at once.'
      : 'The portal keeps trying. Ask the patient to keep the page open and wait a moment. Still stuck? Contact the help desk.',
  'diagnosis.finding.code_expired_before_use': (p) =>
    p.code === null || p.until === null
      ? `The code had already expired when the patient entered it at ${p.entered}.`
      : `The code of ${p.code} expired before it was entered: it worked until ${p.until}, the patient entered a code at ${p.entered}.`,
  'diagnosis.fix.code_expired_before_use': (p) =>
    `A code works for ${p.minutes ?? 10} minutes. Tell the patient to ask for a new code with "No session code received?" and enter it at once. Keep the screen with the code open.`,
  'diagnosis.finding.wrong_codes': (p) =>
    `The patient entered a wrong code ${p.count} ${p.count === 1 ? 'time' : 'times'}, the last at ${p.last}.${p.voided ? ' After 5 wrong tries a code stops working.' : ''}`,
  'diagnosis.fix.wrong_codes': 'Tell the patient to copy the 6 digits exactly from the newest e-mail. Copy and paste is fine; spaces are no problem.',
  'diagnosis.finding.wrong_password_many': (p) => `The patient entered a wrong password ${p.count} times, the last at ${p.last}.`,
  'diagnosis.fix.wrong_password_many':
    'You cannot see the password. Tell the patient to choose "Forgot your password?" on the login page. The patient then gets an e-mail to choose a new password.',
  'diagnosis.finding.code_never_entered': (p) => `The patient logged in at ${p.login} but did not enter a code. The code worked until ${p.until}.`,
  'diagnosis.fix.code_never_entered': (p) =>
    `${p.sent === null ? 'Ask' : `The e-mail was sent at ${p.sent}. Ask`} whether the patient received it. Look in the junk mail folder together. Then let the patient log in again.`,
  'diagnosis.finding.waiting_for_code': (p) => `The patient logged in at ${p.login} and has not entered the code yet. The code works until ${p.until}.`,
  'diagnosis.fix.waiting_for_code': (p) =>
    `Ask the patient to enter the code from the e-mail of ${p.code}. No e-mail? Let the patient look in the junk mail folder.`,
  'diagnosis.finding.all_good_recently': (p) => `The last login worked, at ${p.time}. Nothing went wrong after that.`,
  'diagnosis.fix.all_good_recently': 'Ask the patient what exactly goes wrong. Let the patient try again now, then refresh this page.',
  'diagnosis.finding.no_recent_attempts': (p) => `We see no login attempts by this patient in the last ${p.days} days.`,
  'diagnosis.fix.no_recent_attempts': 'Check the username with the patient. Let the patient try now, then refresh this page.',
  'diagnosis.finding.no_cause_found': 'We see no clear cause. Look at the list below to see what happened.',
  'diagnosis.fix.no_cause_found': 'Let the patient try again now, then refresh this page.',

  'diagnosis.action.lift': 'Lift the block',
  'diagnosis.action.liftHint':
    'This sets the count of wrong codes to 0 and removes the password block. Only do this when you are sure you are talking to the patient.',
  'diagnosis.action.nothingToLift': 'There is no block to lift right now.',
  'diagnosis.action.correctEmail': 'Correct the e-mail address',
  'diagnosis.action.sendActivation': 'Send the invitation again',
  'diagnosis.action.patient': "To the patient's details",
  'diagnosis.action.refresh': 'Refresh this page',
  'diagnosis.notice.lifted': 'The block has been lifted. The patient can log in and enter a code again.',

  'diagnosis.now.username': 'Username',
  'diagnosis.now.email': 'E-mail address',
  'diagnosis.now.status': 'Account',
  'diagnosis.now.wrongCodes': 'Wrong codes in a row',
  'diagnosis.now.codePause': 'Entering codes',
  'diagnosis.now.passwordBlock': 'Entering the password',
  'diagnosis.now.possible': 'Possible',
  'diagnosis.now.blockedUntil': (p) => `Blocked until ${p.time}`,

  'diagnosis.timeline.empty': 'Nothing happened in this period.',
  'diagnosis.item.password_accepted': 'Username and password entered correctly.',
  'diagnosis.item.password_refused': 'Wrong password entered.',
  'diagnosis.item.password_throttled': (p) =>
    p.until === null ? 'Login refused: too many wrong passwords.' : `Login refused: too many wrong passwords. Blocked until ${p.until}.`,
  'diagnosis.item.code_made': (p) => `${p.onRequest ? 'New code made because the patient asked for it' : 'Code made'}. This code works until ${p.until}.`,
  'diagnosis.item.code_superseded': (p) => `The code of ${p.code} no longer works: a newer code was made.`,
  'diagnosis.item.code_voided': (p) => `The code of ${p.code} was blocked after 5 wrong tries.`,
  'diagnosis.item.code_expired': (p) => `The code of ${p.code} expired. It was not used.`,
  'diagnosis.item.code_accepted': (p) =>
    p.code === null ? 'Correct code entered. The patient is logged in.' : `Correct code entered (of ${p.code}). The patient is logged in.`,
  'diagnosis.item.code_paused': (p) =>
    `Entering codes paused${p.until === null ? '' : ` until ${p.until}`}${p.tries === null ? '' : `, after ${p.tries} wrong tries`}.`,
  'diagnosis.item.refused.wrong_code': (p) => (p.tries === null ? 'Wrong code entered.' : `Wrong code entered (wrong try ${p.tries} in a row).`),
  'diagnosis.item.refused.wrong_code_voided': (p) =>
    `Wrong code entered${p.tries === null ? '' : ` (wrong try ${p.tries} in a row)`}. So this code no longer works.`,
  'diagnosis.item.refused.older_code': (p) => (p.code === null ? 'Older code entered.' : `Older code entered: the code of ${p.code}.`),
  'diagnosis.item.refused.used_code': (p) =>
    p.code === null ? 'Entered a code that was already used.' : `Entered a code that was already used: the code of ${p.code}.`,
  'diagnosis.item.refused.expired': (p) =>
    p.code === null ? 'Code entered, but the code had already expired.' : `Code entered, but the code of ${p.code} had already expired.`,
  'diagnosis.item.refused.voided_code': 'Entered a code that was already blocked.',
  'diagnosis.item.refused.other': 'Code entered and refused.',
  'diagnosis.item.attempt_expired': 'The login expired: no correct code was entered within an hour.',
  'diagnosis.item.block_lifted': 'The practice lifted the block.',
  'diagnosis.item.account_created': 'Account made.',
  'diagnosis.item.password_set': 'The patient chose a (new) password.',
  'diagnosis.item.recovery_requested': 'The patient chose "Forgot your password?".',
  'diagnosis.item.deactivated': 'The practice stopped the account.',
  'diagnosis.item.reactivated': 'The practice turned the account on again.',
  'diagnosis.item.details_changed': "The practice changed the patient's details.",
  'diagnosis.item.email_changed': 'The patient set a new e-mail address themselves. From then on, session codes go to the new address.',
  'diagnosis.item.password_changed': 'The patient changed their password in My account.',
  'diagnosis.mail.session_code': 'E-mail with a session code',
  'diagnosis.mail.session_code_repeat': 'E-mail with the same session code again',
  'diagnosis.mail.activation': 'Invitation',
  'diagnosis.mail.recovery': 'E-mail for a new password',
  'diagnosis.mail.other': 'E-mail',
  'diagnosis.item.mail.sent': (p) => `${p.what} to ${p.to}: sent at ${p.sent}.${p.response === null ? '' : ` Reply of the mail server: ${p.response}`}`,
  'diagnosis.item.mail.waiting': (p) =>
    `${p.what} to ${p.to}: waiting to be sent${p.attempts > 0 ? ` (${p.attempts} ${p.attempts === 1 ? 'try' : 'tries'})` : ''}.${p.error === null ? '' : ` Last error: ${p.error}`}`,
  'diagnosis.item.mail.failed': (p) => `${p.what} to ${p.to}: not delivered.${p.error === null ? '' : ` Reply: ${p.error}`}`,
  'diagnosis.item.mail.dropped': (p) => `${p.what} to ${p.to}: not sent, because the code was no longer valid.`,

  'devMailbox.title': 'Development mailbox',
  'devMailbox.intro': 'All e-mail the portal sends arrives here. This page exists only in development.',
  'devMailbox.empty': 'No e-mail yet.',
  'devMailbox.refresh': 'Refresh',
};

export type MessageId = keyof typeof nl;
export type Messages = Catalogue;

const catalogues: Record<Locale, Catalogue> = { nl, en };

export function messagesFor(locale: Locale): Catalogue {
  return catalogues[locale];
}

/** A message that takes no parameters, as text (empty for one that does). */
export function plainMessage(t: Messages, id: MessageId): string {
  const value = t[id];
  return typeof value === 'string' ? value : '';
}
