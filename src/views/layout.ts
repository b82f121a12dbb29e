import { html, type HtmlValue, type SafeHtml } from './html.js';

export interface PageOptions {
  title: string;
  lang?: string;
  body: HtmlValue;
  /** A page that sits in an iframe on another site (the embedded form, the widget): no site header. */
  embedded?: boolean;
  /** A header of the page's own instead of the site's (the dashboard's navigation). */
  header?: HtmlValue;
  /** More stylesheets from /assets, after the site's own. */
  stylesheets?: readonly string[];
  /** A class on <body>, for a family of pages styled alike (`dashboard`). */
  bodyClass?: string;
}

/** The frame of every server-rendered page. No inline script or style: the CSP forbids them. */
export function page({
  title,
  lang = 'en',
  body,
  embedded = false,
  header,
  stylesheets = [],
  bodyClass = '',
}: PageOptions): SafeHtml {
  const classes = [embedded ? 'embedded' : '', bodyClass].filter(Boolean).join(' ');
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/vouch.css" />
        ${stylesheets.map((sheet) => html`<link rel="stylesheet" href="/assets/${sheet}" />`)}
      </head>
      <body class="${classes}">
        ${embedded ? '' : (header ?? html`<header class="site"><a href="/">Vouch</a></header>`)}
        <main>${body}</main>
      </body>
    </html> `;
}
