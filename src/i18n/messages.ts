/**
 * Every text a user sees, keyed by a stable id. Tests assert on ids (rendered as
 * `data-message-id`), so the wording can improve without breaking them. Dutch is written at
 * language level B1: short sentences, common words, one instruction at a time.
 */
import type { Locale } from './locale.ts';

type Text = string;

const nl = {
  'app.name': 'Praktijkportaal',
  'layout.skip': 'Naar de inhoud',
  'layout.switchLanguage': 'English',
  'layout.switchLanguageLabel': 'Switch to English',
  'layout.logout': 'Uitloggen',
  'layout.footer': 'Lukt het niet? Neem contact op met uw huisartsenpraktijk. Zij helpen u verder.',
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
  'home.servicesSoon': 'Hier vindt u straks de online diensten van uw praktijk.',
  'home.emergency': 'Spoed? Bel 112. Buiten kantoortijd belt u de huisartsenpost.',

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
  'audit.more': (p: { count: number }) => `U ziet de nieuwste ${p.count}. Maak het filter kleiner of download alles als CSV.`,
  'patient.editTitle': 'Gegevens aanpassen',
  'console.since': 'Account sinds',

  'activation.title': 'Kies uw wachtwoord',
  'recovery.title': 'Nieuw wachtwoord kiezen',
  'password.new': 'Nieuw wachtwoord',
  'password.newHint': 'Minimaal 8 tekens. Een lange zin van 15 tekens of meer is het veiligst en makkelijk te onthouden.',
  'password.save': 'Opslaan',
  'password.error.tooShort': 'Uw wachtwoord is te kort. Gebruik minimaal 8 tekens.',
  'password.error.tooLong': 'Uw wachtwoord is te lang. Gebruik hoogstens 128 tekens.',
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

  'devMailbox.title': 'Ontwikkel-mailbox',
  'devMailbox.intro': 'Alle e-mail die het portaal verstuurt, komt hier binnen. Deze pagina bestaat alleen in de ontwikkelomgeving.',
  'devMailbox.empty': 'Nog geen e-mail.',
  'devMailbox.refresh': 'Vernieuwen',
} as const;

type Catalogue = { readonly [K in keyof typeof nl]: (typeof nl)[K] extends (p: infer P) => string ? (p: P) => string : string };

const en: Catalogue = {
  'app.name': 'Praktijkportaal',
  'layout.skip': 'Skip to content',
  'layout.switchLanguage': 'Nederlands',
  'layout.switchLanguageLabel': 'Wissel naar Nederlands',
  'layout.logout': 'Log out',
  'layout.footer': 'Having trouble? Contact your GP practice. They will help you.',
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
  'home.servicesSoon': 'The online services of your practice will be here soon.',
  'home.emergency': 'Emergency? Call 112. Outside office hours, call the out-of-hours GP service (huisartsenpost).',

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
  'audit.more': (p) => `You see the newest ${p.count}. Narrow the filter or download everything as CSV.`,
  'patient.editTitle': 'Change details',
  'console.since': 'Account since',

  'activation.title': 'Choose your password',
  'recovery.title': 'Choose a new password',
  'password.new': 'New password',
  'password.newHint': 'At least 8 characters. A long sentence of 15 characters or more is the safest and easy to remember.',
  'password.save': 'Save',
  'password.error.tooShort': 'Your password is too short. Use at least 8 characters.',
  'password.error.tooLong': 'Your password is too long. Use at most 128 characters.',
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
