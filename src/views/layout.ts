import { html, type HtmlValue, type SafeHtml } from './html.js';

export interface PageOptions {
  title: string;
  lang?: string;
  body: HtmlValue;
  /** A page that sits in an iframe on another site (the embedded form, the widget): no site header. */
  embedded?: boolean;
}

/** The frame of every server-rendered page. No inline script or style: the CSP forbids them. */
export function page({ title, lang = 'en', body, embedded = false }: PageOptions): SafeHtml {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/assets/vouch.css" />
      </head>
      <body class="${embedded ? 'embedded' : ''}">
        ${embedded ? '' : html`<header class="site"><a href="/">Vouch</a></header>`}
        <main>${body}</main>
      </body>
    </html> `;
}
