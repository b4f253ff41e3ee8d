import type { CatalogueOf } from '../i18n/catalogue.ts';

type Text = string;

/** Texts of the home page, the practice settings and what the services share. */
export const servicesNl = {
  'home.services': 'Online diensten',
  'home.nothingWaiting': 'Er staat niets voor u klaar.',
  'home.practiceTitle': 'Uw praktijk',
  'home.openingHours': 'Openingstijden',
  'home.phone': 'Telefoon',
  'home.practiceName': 'Naam',
  'home.emergencyTitle': 'Spoed',
  'home.emergency112': 'Is het levensbedreigend? Bel 112.',
  'home.emergencyDay': 'Heeft u dringend een huisarts nodig en is de praktijk open? Bel de praktijk:',
  'home.emergencyNight': 'Is de praktijk dicht (avond, nacht, weekend)? Bel de huisartsenpost:',
  'home.emergencyNightUnknown': 'Is de praktijk dicht (avond, nacht, weekend)? Bel de huisartsenpost in uw regio.',
  'home.notUrgent': 'Gebruik de online diensten niet voor spoed. Een bericht kan een paar dagen op antwoord wachten.',
  'home.noServices': 'Uw praktijk biedt nog geen online diensten aan. Bel de praktijk als u iets nodig heeft.',
  'service.off': 'Uw praktijk biedt deze dienst niet online aan. Bel de praktijk als u iets nodig heeft.',
  'service.prescriptions': 'Herhaalrecept aanvragen',
  'service.consults': 'E-consult',
  'service.appointments': 'Afspraak maken',

  'settings.services': 'Online diensten voor patiënten',
  'settings.servicesHint': 'Kies welke diensten uw patiënten in het portaal kunnen gebruiken.',
  'settings.contact': 'Gegevens op de startpagina van patiënten',
  'settings.phone': 'Telefoonnummer van de praktijk',
  'settings.afterHoursPhone': 'Telefoonnummer van de huisartsenpost',
  'settings.afterHoursPhoneHint': 'Voor spoed buiten openingstijden. Patiënten zien dit nummer op hun startpagina.',
  'settings.openingHours': 'Openingstijden',
  'settings.openingHoursHint': 'Bijvoorbeeld: maandag tot en met vrijdag 08.00 tot 17.00 uur. Elke regel wordt apart getoond.',
  'settings.cancelWindow': 'Afspraak online afzeggen tot hoeveel uur van tevoren?',
  'settings.cancelWindowHint': 'Een getal van 0 tot 168. Daarna moet de patiënt bellen om af te zeggen.',
  'settings.security': 'Beveiliging',
  'settings.error.phone': 'Vul een telefoonnummer in met alleen cijfers, spaties of streepjes. Bijvoorbeeld 020 123 45 67.',
  'settings.error.openingHoursLength': 'De openingstijden zijn te lang. Gebruik ten hoogste 1000 tekens.',
  'settings.error.cancelWindow': 'Vul een aantal uren in van 0 tot 168.',
  'settings.error.changedMeanwhile':
    'Iemand anders heeft de instellingen net gewijzigd. Uw wijziging is niet opgeslagen. Hieronder staan de instellingen zoals ze nu zijn. Pas ze zo nodig opnieuw aan en sla op.',

  'console.prescriptions': 'Herhaalrecepten',
  'console.consults': 'E-consulten',
  'console.appointments': 'Afspraken',

  'mail.news.subject': (p: { practice: Text }) => `Er is nieuws voor u in het portaal – ${p.practice}`,
  'mail.news.body': (p: { practice: Text }) => `Er staat nieuws voor u klaar in het portaal van ${p.practice}. Log in om het te lezen.`,
  'mail.news.linkText': 'Inloggen in het portaal',
  'mail.news.why':
    'In deze e-mail staat bewust niet waar het over gaat. Zo blijft uw medische informatie privé. Krijgt u deze e-mail, maar heeft u geen portaal-account? Neem dan contact op met de praktijk.',
} as const;

export const servicesEn: CatalogueOf<typeof servicesNl> = {
  'home.services': 'Online services',
  'home.nothingWaiting': 'Nothing is waiting for you.',
  'home.practiceTitle': 'Your practice',
  'home.openingHours': 'Opening hours',
  'home.phone': 'Phone',
  'home.practiceName': 'Name',
  'home.emergencyTitle': 'Emergency',
  'home.emergency112': 'Is it life-threatening? Call 112.',
  'home.emergencyDay': 'Do you urgently need a GP and is the practice open? Call the practice:',
  'home.emergencyNight': 'Is the practice closed (evening, night, weekend)? Call the out-of-hours GP service (huisartsenpost):',
  'home.emergencyNightUnknown': 'Is the practice closed (evening, night, weekend)? Call the out-of-hours GP service (huisartsenpost) in your region.',
  'home.notUrgent': 'Do not use the online services for emergencies. A message may wait a few days for an answer.',
  'home.noServices': 'Your practice does not offer online services yet. Call the practice if you need something.',
  'service.off': 'Your practice does not offer this service online. Call the practice if you need something.',
  'service.prescriptions': 'Request a repeat prescription',
  'service.consults': 'E-consult',
  'service.appointments': 'Make an appointment',

  'settings.services': 'Online services for patients',
  'settings.servicesHint': 'Choose which services your patients can use in the portal.',
  'settings.contact': "Details on patients' start page",
  'settings.phone': "The practice's phone number",
  'settings.afterHoursPhone': 'Phone number of the out-of-hours GP service (huisartsenpost)',
  'settings.afterHoursPhoneHint': 'For emergencies outside opening hours. Patients see this number on their start page.',
  'settings.openingHours': 'Opening hours',
  'settings.openingHoursHint': 'For example: Monday to Friday 08.00 to 17.00. Each line is shown on its own.',
  'settings.cancelWindow': 'Cancel an appointment online until how many hours before?',
  'settings.cancelWindowHint': 'A number from 0 to 168. After that the patient must call to cancel.',
  'settings.security': 'Security',
  'settings.error.phone': 'Enter a phone number with only digits, spaces or dashes. For example 020 123 45 67.',
  'settings.error.openingHoursLength': 'The opening hours are too long. Use at most 1000 characters.',
  'settings.error.cancelWindow': 'Enter a number of hours from 0 to 168.',
  'settings.error.changedMeanwhile':
    'Someone else has just changed the settings. Your change was not saved. Below are the settings as they are now. Change them again if needed and save.',

  'console.prescriptions': 'Repeat prescriptions',
  'console.consults': 'E-consults',
  'console.appointments': 'Appointments',

  'mail.news.subject': (p) => `There is news for you in the portal – ${p.practice}`,
  'mail.news.body': (p) => `There is news for you in the portal of ${p.practice}. Log in to read it.`,
  'mail.news.linkText': 'Log in to the portal',
  'mail.news.why':
    'This e-mail deliberately does not say what it is about. That keeps your medical information private. Did you get this e-mail but have no portal account? Please contact the practice.',
};
