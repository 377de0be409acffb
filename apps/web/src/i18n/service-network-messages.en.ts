/** English strings for service-network-messages.ts (loaded only when the user switches to English). */
import type { serviceNetworkZhCN } from './service-network-messages.js';

export const serviceNetworkEnUS: Readonly<Record<keyof typeof serviceNetworkZhCN, string>> = {
  'sn.title': 'Where to apply',
  'sn.intro':
    'These service points handle this item, nearest to your region first; an agency point takes the application in and hands it to the district service centre, which accepts it.',
  'sn.none': 'No service point is listed; apply at the service centre of the implementing body.',
  'sn.kind.center': 'Service centre',
  'sn.kind.station': 'Service station',
  'sn.kind.agency': 'Agency point',
  'sn.mode.accept': 'Accepts',
  'sn.mode.receive': 'Agency (takes in, hands over for acceptance)',
  'sn.near.village': 'Your village',
  'sn.near.township': 'Your township',
  'sn.near.county': 'Your district',
  'sn.near.city': 'Your city',
  'sn.near.province': 'Your province',
  'sn.near.elsewhere': 'Elsewhere',
  'sn.address': 'Address: {address}',
  'sn.hours': 'Opening hours: {hours}',
  'sn.phone': 'Telephone: {phone}',
  'sn.location': 'Where the application is',
  'sn.here': 'Now at: {name}',
  'sn.online': 'Handled online by the accepting window',
  'sn.pending': 'Taken in at the agency point, waiting to be handed to the accepting window',
  'sn.handedOver': '{from} handed it to {to} on {at}',
  'sn.handover': 'Hand over to the accepting window',
  'sn.handoverIntro':
    'This point only takes the item in: check the materials, then hand the application to the district service centre for acceptance.',
  'sn.handoverNote': 'Handover note (optional)',
  'sn.handoverConfirm': 'Hand this application over?',
  'sn.handoverConsequence':
    'The accepting window then accepts, asks for a supplement or refuses it; this point can still follow its progress.',
  'sn.handoverOk': 'Hand over',
  'sn.waitingForHandover':
    'The application is still at the agency point; it can be accepted once handed over.',
  'sn.timeline.handover': 'Handed over by the agency point',
  'sn.queuePoint': 'Service point',
};
