import { enUS, type Catalog } from './en-US.js';

/** British English: the US text, except where British spelling or usage differs. */
export const enGB: Catalog = {
  ...enUS,
  'labelsPage.title': 'How reviews are labelled',
  'labelsPage.verified.body':
    'The review came through an automatic invitation: the business’s own system sent it after a real purchase, for example by copying its order emails to Vouch, through Vouch’s API or a shop integration, or with an encrypted or signed review link.',
};
