import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { Runtime } from '../../../runtime.js';
import type { FilePeek, ImportProgress, ImportReport } from '../../../services/import.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages, type Translate } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { dashboardPage, formatNumber, formatTime, notice, postForm, select } from '../view.js';

/** The largest file the page takes, as the API (1M product rows fit well inside). */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** How long the upload waits for its dry run before answering with a page that follows it instead. */
const PREVIEW_WAIT_MS = 10_000;
/** A preview nobody imported or cancelled is forgotten after a day; its file goes. */
const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
const PREVIEW_ROWS = 10;
const LISTED_ERRORS = 100;
/** A dry run's id (`dry-` and 32 hex digits): the only name a waiting upload is kept under. */
const PREVIEW_ID = /^dry-[0-9a-f]{32}$/;

const text = defineMessages(
  'import',
  {
    title: 'Import',
    intro:
      'Upload a CSV or TXT file of your customers: customer email, customer name and reference number, and for product reviews SKU, product name, product URL and image URL. Excel exports in any common encoding and with commas, semicolons or tabs are read as they are.',
    dryRunNote:
      'Nothing is written when you upload: Vouch first reads the whole file as a dry run and shows you what it found. You import it from that preview, or cancel.',
    samples: 'Sample files:',
    sampleService: 'service reviews',
    sampleProduct: 'product reviews',
    'form.heading': 'Upload a file',
    'form.file': 'File (CSV or TXT)',
    'form.fileHint': 'Up to {mb} MB. The first line may be a header row.',
    'form.type': 'Reviews to ask for',
    'form.typeAuto': 'Decide from the file (a SKU column means product reviews)',
    'form.typeService': 'Service reviews',
    'form.typeProduct': 'Product reviews',
    'form.submit': 'Upload and preview',
    'history.heading': 'Import history',
    'history.caption': 'Your latest imports, newest first',
    'history.date': 'Date',
    'history.file': 'File',
    'history.accepted': 'Rows accepted',
    'history.rejected': 'Rows rejected',
    'history.status': 'Status',
    'history.none': 'No file has been imported yet.',
    'status.running': 'Running',
    'status.completed': 'Completed',
    'status.unreadable': 'Could not be read',
    'status.failed': 'Stopped',
    'preview.title': 'Preview of {file}',
    'preview.checking':
      'Vouch is reading the whole file as a dry run; nothing is written. This page shows the preview when it is done.',
    'preview.dryRun':
      'This preview is a dry run over the whole file: every row was checked and decided as the import would, and nothing was written.',
    'preview.file': 'How the file reads',
    'preview.encoding': 'Encoding',
    'preview.converted': '{encoding}, converted to UTF-8',
    'preview.delimiter': 'Delimiter',
    'preview.headerRow': 'Header row',
    'preview.type': 'Reviews',
    'preview.rows': 'Rows',
    'preview.columns': 'Columns',
    'preview.columnsCaption': 'Which column of your file each field is read from',
    'preview.field': 'Field',
    'preview.position': 'Column in your file',
    'preview.headerCell': 'Its header',
    'preview.firstRows': 'First rows',
    'preview.firstRowsCaption': 'The first {count} rows as Vouch reads them',
    'preview.line': 'Line',
    'preview.result': 'Result',
    'preview.ok': 'OK',
    'preview.outcome': 'What the import would do',
    'preview.wouldImport': 'Rows to import',
    'preview.wouldReject': 'Rows rejected',
    'preview.decisions': 'What the funnel would decide for the rows to import',
    'preview.waiting': 'The file is waiting for you: import it, or cancel to forget it.',
    'preview.nothing': 'No row of this file can be imported. Fix the rejected rows and upload it again.',
    'preview.gone':
      'This preview is no longer waiting: it was imported, cancelled, or is more than a day old. Upload the file again to import it.',
    'preview.start': 'Import {count} rows',
    'preview.cancel': 'Cancel',
    'preview.uploadAgain': 'Upload another file',
    'delimiter.,': 'comma (,)',
    'delimiter.;': 'semicolon (;)',
    'delimiter.\t': 'tab',
    'delimiter.|': 'vertical bar (|)',
    yes: 'yes',
    no: 'no',
    'type.service': 'service reviews',
    'type.product': 'product reviews',
    'rejected.heading': 'Rejected rows',
    'rejected.caption': 'Rows that would not be imported, with the line of your file and the reason',
    'rejected.column': 'Column',
    'rejected.reason': 'Reason',
    'rejected.fix': 'How to fix it',
    'rejected.more': 'The first {shown} reasons are listed; the download has every rejected row.',
    'rejected.download': 'Download the rejected rows (CSV)',
    'rejected.none': 'No row was rejected.',
    'warnings.heading': 'Worth knowing',
    'import.title': 'Import of {file}',
    'import.status': 'Status',
    'import.rows': 'Rows read',
    'import.accepted': 'Rows accepted',
    'import.rejected': 'Rows rejected',
    'import.decisions': 'What became of the accepted rows',
    'import.running':
      'The import runs in the background: you can leave this page. Reload it, or follow the link below, to see the numbers grow.',
    'import.refresh': 'Refresh',
    'import.percent': '{percent}% of the file read',
    'import.progressLabel': 'Progress of the import',
    'import.failed': 'The import stopped: {message} {hint}',
    'import.runs': 'This file has been imported {runs} times; no row makes a second invitation.',
    'import.invitations': 'See the invitations',
    'import.back': 'Back to imports',
    'decision.scheduled': 'scheduled',
    'decision.duplicate': 'already invited (duplicates)',
    'decision.suppressed': 'not invited: the address is suppressed',
    'decision.too_frequent': 'not invited: invited too recently',
    'decision.over_cap': 'not invited: over the plan’s monthly cap',
    'decision.test_address': 'test addresses',
    'decision.cancelled': 'not invited: the order was cancelled',
    'error.noFile': 'Choose a file to upload.',
    'error.tooLarge': 'The file is larger than {mb} MB; split it and import the parts.',
    'error.upload': 'The upload could not be read. Choose the file and send the form again.',
    'error.notMultipart': 'Send the file with the upload form on this page.',
    'done.cancelled': 'The preview was cancelled and the file deleted. Nothing was imported.',
    'done.started': 'The import has started.',
    'error.notWaiting': 'This preview is no longer waiting, so nothing was imported.',
  },
  {
    'de-DE': {
      title: 'Import',
      'form.heading': 'Datei hochladen',
      'form.file': 'Datei (CSV oder TXT)',
      'form.submit': 'Hochladen und Vorschau',
      'history.heading': 'Bisherige Importe',
      'preview.title': 'Vorschau von {file}',
      'preview.start': '{count} Zeilen importieren',
      'preview.cancel': 'Abbrechen',
      'rejected.heading': 'Abgelehnte Zeilen',
      'rejected.download': 'Abgelehnte Zeilen herunterladen (CSV)',
      'import.title': 'Import von {file}',
      'import.refresh': 'Aktualisieren',
    },
    'fr-FR': {
      title: 'Import',
      'form.heading': 'Envoyer un fichier',
      'form.file': 'Fichier (CSV ou TXT)',
      'form.submit': 'Envoyer et prévisualiser',
      'history.heading': 'Historique des imports',
      'preview.title': 'Aperçu de {file}',
      'preview.start': 'Importer {count} lignes',
      'preview.cancel': 'Annuler',
      'rejected.heading': 'Lignes rejetées',
      'rejected.download': 'Télécharger les lignes rejetées (CSV)',
      'import.title': 'Import de {file}',
      'import.refresh': 'Actualiser',
    },
    'es-ES': {
      title: 'Importar',
      'form.heading': 'Subir un archivo',
      'form.file': 'Archivo (CSV o TXT)',
      'form.submit': 'Subir y previsualizar',
      'history.heading': 'Historial de importaciones',
      'preview.title': 'Vista previa de {file}',
      'preview.start': 'Importar {count} filas',
      'preview.cancel': 'Cancelar',
      'rejected.heading': 'Filas rechazadas',
      'rejected.download': 'Descargar las filas rechazadas (CSV)',
      'import.title': 'Importación de {file}',
      'import.refresh': 'Actualizar',
    },
    'it-IT': {
      title: 'Importa',
      'form.heading': 'Carica un file',
      'form.file': 'File (CSV o TXT)',
      'form.submit': 'Carica e visualizza l’anteprima',
      'history.heading': 'Importazioni precedenti',
      'preview.title': 'Anteprima di {file}',
      'preview.start': 'Importa {count} righe',
      'preview.cancel': 'Annulla',
      'rejected.heading': 'Righe rifiutate',
      'rejected.download': 'Scarica le righe rifiutate (CSV)',
      'import.title': 'Importazione di {file}',
      'import.refresh': 'Aggiorna',
    },
    'nl-NL': {
      title: 'Importeren',
      'form.heading': 'Bestand uploaden',
      'form.file': 'Bestand (CSV of TXT)',
      'form.submit': 'Uploaden en voorbeeld bekijken',
      'history.heading': 'Eerdere imports',
      'preview.title': 'Voorbeeld van {file}',
      'preview.start': '{count} rijen importeren',
      'preview.cancel': 'Annuleren',
      'rejected.heading': 'Afgewezen rijen',
      'rejected.download': 'Afgewezen rijen downloaden (CSV)',
      'import.title': 'Import van {file}',
      'import.refresh': 'Vernieuwen',
    },
    'da-DK': {
      title: 'Import',
      'form.heading': 'Upload en fil',
      'form.file': 'Fil (CSV eller TXT)',
      'form.submit': 'Upload og se eksempel',
      'history.heading': 'Tidligere importer',
      'preview.title': 'Eksempel på {file}',
      'preview.start': 'Importér {count} rækker',
      'preview.cancel': 'Annuller',
      'rejected.heading': 'Afviste rækker',
      'rejected.download': 'Hent de afviste rækker (CSV)',
      'import.title': 'Import af {file}',
      'import.refresh': 'Opdater',
    },
    'sv-SE': {
      title: 'Import',
      'form.heading': 'Ladda upp en fil',
      'form.file': 'Fil (CSV eller TXT)',
      'form.submit': 'Ladda upp och förhandsgranska',
      'history.heading': 'Tidigare importer',
      'preview.title': 'Förhandsgranskning av {file}',
      'preview.start': 'Importera {count} rader',
      'preview.cancel': 'Avbryt',
      'rejected.heading': 'Avvisade rader',
      'rejected.download': 'Ladda ner de avvisade raderna (CSV)',
      'import.title': 'Import av {file}',
      'import.refresh': 'Uppdatera',
    },
    'nb-NO': {
      title: 'Import',
      'form.heading': 'Last opp en fil',
      'form.file': 'Fil (CSV eller TXT)',
      'form.submit': 'Last opp og forhåndsvis',
      'history.heading': 'Tidligere importer',
      'preview.title': 'Forhåndsvisning av {file}',
      'preview.start': 'Importer {count} rader',
      'preview.cancel': 'Avbryt',
      'rejected.heading': 'Avviste rader',
      'rejected.download': 'Last ned de avviste radene (CSV)',
      'import.title': 'Import av {file}',
      'import.refresh': 'Oppdater',
    },
    'fi-FI': {
      title: 'Tuonti',
      'form.heading': 'Lataa tiedosto',
      'form.file': 'Tiedosto (CSV tai TXT)',
      'form.submit': 'Lataa ja esikatsele',
      'history.heading': 'Aiemmat tuonnit',
      'preview.title': 'Esikatselu: {file}',
      'preview.start': 'Tuo {count} riviä',
      'preview.cancel': 'Peruuta',
      'rejected.heading': 'Hylätyt rivit',
      'rejected.download': 'Lataa hylätyt rivit (CSV)',
      'import.title': 'Tuonti: {file}',
      'import.refresh': 'Päivitä',
    },
    'pl-PL': {
      title: 'Import',
      'form.heading': 'Prześlij plik',
      'form.file': 'Plik (CSV lub TXT)',
      'form.submit': 'Prześlij i pokaż podgląd',
      'history.heading': 'Historia importów',
      'preview.title': 'Podgląd pliku {file}',
      'preview.start': 'Importuj wiersze: {count}',
      'preview.cancel': 'Anuluj',
      'rejected.heading': 'Odrzucone wiersze',
      'rejected.download': 'Pobierz odrzucone wiersze (CSV)',
      'import.title': 'Import pliku {file}',
      'import.refresh': 'Odśwież',
    },
    'pt-BR': {
      title: 'Importar',
      'form.heading': 'Enviar um arquivo',
      'form.file': 'Arquivo (CSV ou TXT)',
      'form.submit': 'Enviar e visualizar',
      'history.heading': 'Histórico de importações',
      'preview.title': 'Prévia de {file}',
      'preview.start': 'Importar {count} linhas',
      'preview.cancel': 'Cancelar',
      'rejected.heading': 'Linhas rejeitadas',
      'rejected.download': 'Baixar as linhas rejeitadas (CSV)',
      'import.title': 'Importação de {file}',
      'import.refresh': 'Atualizar',
    },
    'ja-JP': {
      title: 'インポート',
      'form.heading': 'ファイルをアップロード',
      'form.file': 'ファイル（CSV または TXT）',
      'form.submit': 'アップロードしてプレビュー',
      'history.heading': 'インポート履歴',
      'preview.title': '{file} のプレビュー',
      'preview.start': '{count} 行をインポート',
      'preview.cancel': 'キャンセル',
      'rejected.heading': '除外された行',
      'rejected.download': '除外された行をダウンロード（CSV）',
      'import.title': '{file} のインポート',
      'import.refresh': '更新',
    },
  },
);

type Key = keyof typeof text.set.english;
type T = Translate<Key>;

/** What a waiting preview keeps beside its uploaded file. */
interface PendingUpload {
  businessId: string;
  /** The uploaded file's name in the uploads folder. */
  file: string;
  fileName: string;
  type: 'service' | 'product' | null;
  createdAt: number;
}

function parseNote(raw: string): PendingUpload | undefined {
  try {
    return JSON.parse(raw) as PendingUpload;
  } catch {
    return undefined;
  }
}

/**
 * Uploads waiting between their preview (a dry run) and the user's "Import" or "Cancel", kept under the
 * data folder: `{dryRunId}.json` says whose file it is and names the `.upload` beside it. Only a dry run's
 * id of the right business finds one, so another business's id, or a made-up path, finds nothing.
 */
class PendingUploads {
  constructor(readonly dir: string) {}

  newFile(uuid: string): string {
    return path.join(this.dir, `${uuid}.upload`);
  }

  async save(previewId: string, pending: PendingUpload): Promise<void> {
    await fs.promises.writeFile(this.note(previewId), JSON.stringify(pending));
  }

  async find(businessId: string, previewId: string): Promise<(PendingUpload & { path: string }) | undefined> {
    if (!PREVIEW_ID.test(previewId)) return undefined;
    const raw = await fs.promises.readFile(this.note(previewId), 'utf8').catch(() => undefined);
    if (raw === undefined) return undefined;
    const pending = parseNote(raw);
    if (pending?.businessId !== businessId) return undefined;
    const file = path.join(this.dir, path.basename(pending.file));
    return fs.existsSync(file) ? { ...pending, path: file } : undefined;
  }

  /** Takes the upload out of waiting, once: a second click of "Import" finds it gone. */
  async claim(previewId: string): Promise<boolean> {
    try {
      await fs.promises.rm(this.note(previewId));
      return true;
    } catch {
      return false;
    }
  }

  async remove(previewId: string, file: string): Promise<void> {
    await fs.promises.rm(this.note(previewId), { force: true });
    await fs.promises.rm(file, { force: true });
  }

  /** Forgets previews older than a day, and any file no preview names any more. */
  async sweep(now: number): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    const kept = new Set<string>();
    for (const name of names.filter((entry) => entry.endsWith('.json'))) {
      const raw = await fs.promises.readFile(path.join(this.dir, name), 'utf8').catch(() => undefined);
      const pending = raw === undefined ? undefined : parseNote(raw);
      if (pending && now - pending.createdAt < PENDING_TTL_MS) kept.add(path.basename(pending.file));
      else await fs.promises.rm(path.join(this.dir, name), { force: true });
    }
    for (const name of names.filter((entry) => entry.endsWith('.upload') && !kept.has(entry))) {
      const stat = await fs.promises.stat(path.join(this.dir, name)).catch(() => undefined);
      // A file no note names yet may be an upload being written this moment: only old ones go.
      if (stat && now - stat.mtimeMs > PENDING_TTL_MS)
        await fs.promises.rm(path.join(this.dir, name), { force: true });
    }
  }

  private note(previewId: string): string {
    return path.join(this.dir, `${previewId}.json`);
  }
}

/**
 * The import pages: upload, a preview that is a dry run over the whole file, the import itself in the
 * background (as `POST /api/v1/imports` runs it), its progress, the history and the rejected rows.
 */
export function registerImportPages(router: DashboardRouter, runtime: Runtime): void {
  const uploads = new PendingUploads(path.join(runtime.config.dataDir, 'imports', 'dashboard'));
  /** How far through its file each running job is, for the progress bar (this process's jobs only). */
  const progress = new Map<string, ImportProgress>();

  router.get('import', 'member', async (request, _reply, context) => {
    const { done } = request.query as { done?: string };
    return indexPage(runtime, context, {
      notice: done === 'cancelled' ? 'done.cancelled' : undefined,
    });
  });

  router.post('import/preview', 'member', async (request, reply, context) => {
    const t = text.in(context.locale);
    const refuse = async (message: string, status = 400) =>
      reply
        .status(status)
        .type('text/html; charset=utf-8')
        .send((await indexPage(runtime, context, { error: message })).toString());
    if (!request.isMultipart()) return refuse(t('error.notMultipart'));
    await fs.promises.mkdir(uploads.dir, { recursive: true });
    // Files age by the wall clock, as the file system dates them (not the business's injected clock).
    void uploads.sweep(Date.now()).catch(() => undefined);
    const target = uploads.newFile(runtime.random.uuid());
    let upload: { fileName: string; type: 'service' | 'product' | undefined; bytes: number };
    try {
      upload = await receive(request, target);
    } catch (error) {
      await fs.promises.rm(target, { force: true });
      const code = (error as { code?: unknown }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        return refuse(t('error.tooLarge', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }), 413);
      }
      if (error instanceof NoFile) return refuse(t('error.noFile'));
      request.log.info({ err: error }, 'dashboard upload could not be read');
      return refuse(t('error.upload'));
    }
    // The job's id is known once `start` answers; its rows, and so its progress, only come after.
    const job: { id?: string } = {};
    const { importId, done } = await runtime.imports.start(context.business.id, target, {
      dryRun: true,
      type: upload.type,
      fileName: upload.fileName,
      onProgress: (value) => job.id && progress.set(job.id, value),
    });
    job.id = importId;
    await uploads.save(importId, {
      businessId: context.business.id,
      file: path.basename(target),
      fileName: upload.fileName,
      type: upload.type ?? null,
      createdAt: Date.now(),
    });
    const settled = done.then(
      async (report) => {
        // A file that cannot be read has nothing to import: it does not wait.
        if (report.status !== 'completed') await uploads.remove(importId, target);
      },
      async (error: unknown) => {
        request.log.error({ err: error }, 'import preview failed');
        await uploads.remove(importId, target);
      },
    );
    void settled.finally(() => progress.delete(importId));
    // A small file's preview is ready at once; a large one's page follows the dry run as it goes.
    const waited = new AbortController();
    await Promise.race([
      settled,
      sleep(PREVIEW_WAIT_MS, undefined, { signal: waited.signal }).catch(() => undefined),
    ]);
    waited.abort();
    return reply.redirect(context.href(`import/${importId}`), 303);
  });

  router.get('import/:id', 'member', async (request, _reply, context) => {
    const { id } = request.params as { id: string };
    const { done } = request.query as { done?: string };
    const report = await runtime.imports.get(context.business.id, id);
    if (report.dryRun) {
      const pending = report.status === 'completed' ? await uploads.find(context.business.id, id) : undefined;
      const peek = pending
        ? await runtime.imports.peek(pending.path, { type: pending.type ?? undefined, rows: PREVIEW_ROWS })
        : undefined;
      return previewPage(context, report, {
        waiting: pending !== undefined,
        peek,
        percent: percentOf(progress.get(id)),
        error: done === 'not-waiting' ? 'error.notWaiting' : undefined,
      });
    }
    return importPage(context, report, {
      percent: percentOf(progress.get(id)),
      started: done === 'started',
    });
  });

  router.get('import/:id/progress.json', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    const report = await runtime.imports.get(context.business.id, id);
    return reply.type('application/json; charset=utf-8').send({
      status: report.status,
      rows: report.rows,
      accepted: report.accepted,
      rejected: report.rejected,
      percent: percentOf(progress.get(id)) ?? null,
    });
  });

  router.post('import/:id/start', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    const preview = await runtime.imports.get(context.business.id, id);
    const pending = preview.dryRun ? await uploads.find(context.business.id, id) : undefined;
    if (!pending || preview.status !== 'completed' || !(await uploads.claim(id))) {
      return reply.redirect(context.href(`import/${id}?done=not-waiting`), 303);
    }
    // The job's id is known once `start` answers; its rows, and so its progress, only come after.
    const job: { id?: string } = {};
    const { importId, done } = await runtime.imports.start(context.business.id, pending.path, {
      type: pending.type ?? undefined,
      fileName: pending.fileName,
      onProgress: (value) => job.id && progress.set(job.id, value),
    });
    job.id = importId;
    void done
      .catch((error: unknown) => request.log.error({ err: error }, 'import failed'))
      .finally(() => {
        progress.delete(importId);
        return uploads.remove(id, pending.path);
      });
    return reply.redirect(context.href(`import/${importId}?done=started`), 303);
  });

  router.post('import/:id/cancel', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    const preview = await runtime.imports.get(context.business.id, id);
    const pending = preview.dryRun ? await uploads.find(context.business.id, id) : undefined;
    if (pending && (await uploads.claim(id))) await uploads.remove(id, pending.path);
    return reply.redirect(context.href('import?done=cancelled'), 303);
  });

  router.get('import/:id/rejections.csv', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    const lines = runtime.imports.rejectedRowsCsv(context.business.id, id);
    // The first piece is read before answering, so an unknown import is a 404 page, not half a download.
    const first = await lines.next();
    async function* rest() {
      if (!first.done) yield first.value;
      yield* lines;
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="rejected-rows-${id}.csv"`)
      .send(Readable.from(rest()));
  });
}

/** The form had no file in it, or an empty one with no name (nothing chosen). */
class NoFile extends Error {}

/** Writes the form's file to `target`; the type field comes before the file in the form, so it is read. */
async function receive(
  request: FastifyRequest,
  target: string,
): Promise<{ fileName: string; type: 'service' | 'product' | undefined; bytes: number }> {
  const part: MultipartFile | undefined = await request.file({
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 },
  });
  if (!part) throw new NoFile();
  await pipeline(part.file, fs.createWriteStream(target));
  const bytes = (await fs.promises.stat(target)).size;
  if (bytes === 0 && part.filename === '') throw new NoFile();
  const typeField = part.fields.type;
  const typeValue =
    typeField && !Array.isArray(typeField) && typeField.type === 'field' ? String(typeField.value) : '';
  return {
    fileName: (part.filename || 'upload.csv').slice(0, 255),
    type: typeValue === 'service' || typeValue === 'product' ? typeValue : undefined,
    bytes,
  };
}

function percentOf(value: ImportProgress | undefined): number | undefined {
  if (!value || value.bytesTotal === 0) return undefined;
  return Math.min(100, Math.floor((value.bytesRead / value.bytesTotal) * 100));
}

async function indexPage(
  runtime: Runtime,
  context: DashboardContext,
  options: { error?: string | undefined; notice?: 'done.cancelled' | undefined },
): Promise<SafeHtml> {
  const t = text.in(context.locale);
  const history = await runtime.imports.history(context.business.id, 50);
  const form = postForm(
    context,
    context.href('import/preview'),
    html`${select({
      label: t('form.type'),
      name: 'type',
      value: 'auto',
      choices: [
        { value: 'auto', label: t('form.typeAuto') },
        { value: 'service', label: t('form.typeService') },
        { value: 'product', label: t('form.typeProduct') },
      ],
    })}
      <label for="f-file">${t('form.file')}</label>
      <input
        id="f-file"
        name="file"
        type="file"
        accept=".csv,.txt,text/csv,text/plain"
        required
        aria-describedby="f-file-hint"
      />
      <p class="hint" id="f-file-hint">${t('form.fileHint', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })}</p>
      <p><button type="submit">${t('form.submit')}</button></p>`,
    { multipart: true },
  );
  const body = html`<h1>${t('title')}</h1>
    ${notice('error', options.error)} ${notice('ok', options.notice && t(options.notice))}
    <p>${t('intro')}</p>
    <p>
      ${t('samples')} <a href="/samples/service-invitations.csv">${t('sampleService')}</a>,
      <a href="/samples/product-invitations.csv">${t('sampleProduct')}</a>
    </p>
    <section aria-labelledby="upload-heading">
      <h2 id="upload-heading">${t('form.heading')}</h2>
      <p>${t('dryRunNote')}</p>
      ${form}
    </section>
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">${t('history.heading')}</h2>
      ${
        history.length === 0
          ? html`<p>${t('history.none')}</p>`
          : html`<table class="data import-history">
            <caption>
              ${t('history.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('history.date')}</th>
                <th scope="col">${t('history.file')}</th>
                <th scope="col" class="num">${t('history.accepted')}</th>
                <th scope="col" class="num">${t('history.rejected')}</th>
                <th scope="col">${t('history.status')}</th>
              </tr>
            </thead>
            <tbody>
              ${history.map(
                (job) =>
                  html`<tr>
                    <td>${formatTime(job.createdAt, context.locale)}</td>
                    <td><a href="${context.href(`import/${job.id}`)}">${job.fileName}</a></td>
                    <td class="num">${formatNumber(job.accepted, context.locale)}</td>
                    <td class="num">${formatNumber(job.rejected, context.locale)}</td>
                    <td>${t(`status.${job.status}`)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
      }
    </section>`;
  return dashboardPage(context, { title: t('title'), active: 'import', body });
}

/** The numbers of a running job, kept up to date by /assets/import-progress.js where scripts run. */
function progressBlock(
  context: DashboardContext,
  t: T,
  report: ImportReport,
  percent: number | undefined,
): SafeHtml {
  const stat = (label: string, field: 'rows' | 'accepted' | 'rejected') =>
    html`<div class="stat">
      <strong data-field="${field}">${formatNumber(report[field], context.locale)}</strong> ${label}
    </div>`;
  return html`<div
      class="import-progress"
      aria-live="polite"
      data-progress-url="${context.href(`import/${report.importId}/progress.json`)}"
    >
      <progress
        max="100"
        ${percent === undefined ? '' : html`value="${percent}"`}
        aria-label="${t('import.progressLabel')}"
      ></progress>
      <p data-field="percent" data-template="${t('import.percent', { percent: '{percent}' })}">
        ${percent === undefined ? '' : t('import.percent', { percent })}
      </p>
      <div class="stats">
        ${stat(t('import.rows'), 'rows')} ${stat(t('import.accepted'), 'accepted')}
        ${stat(t('import.rejected'), 'rejected')}
      </div>
    </div>
    <p><a href="${context.href(`import/${report.importId}`)}">${t('import.refresh')}</a></p>
    <script src="/assets/import-progress.js" defer></script>`;
}

function previewPage(
  context: DashboardContext,
  report: ImportReport,
  options: {
    waiting: boolean;
    peek: FilePeek | undefined;
    percent: number | undefined;
    error: 'error.notWaiting' | undefined;
  },
): SafeHtml {
  const t = text.in(context.locale);
  const title = t('preview.title', { file: report.file.name });
  const again = html`<p><a href="${context.href('import')}">${t('preview.uploadAgain')}</a></p>`;
  let body: SafeHtml;
  if (report.status === 'running') {
    body = html`<p>${t('preview.checking')}</p>
      ${progressBlock(context, t, report, options.percent)}`;
  } else if (report.status !== 'completed') {
    body = html`${notice(
      'error',
      report.failure
        ? `${report.failure.message} ${report.failure.hint}`.trim()
        : t(`status.${report.status}`),
    )}
      ${again}`;
  } else {
    const peek = options.peek?.readable ? options.peek : undefined;
    body = html`<p>${t('preview.dryRun')}</p>
      ${fileFacts(context, t, report)} ${peek ? columnsTable(t, peek) : ''}
      ${peek ? firstRowsTable(t, peek) : ''}
      <h2>${t('preview.outcome')}</h2>
      <div class="stats">
        <div class="stat"><strong>${formatNumber(report.accepted, context.locale)}</strong> ${t('preview.wouldImport')}</div>
        <div class="stat"><strong>${formatNumber(report.rejected, context.locale)}</strong> ${t('preview.wouldReject')}</div>
      </div>
      ${decisions(context, t, report, 'preview.decisions')} ${rejectedRows(context, t, report)}
      ${warnings(t, report)}
      ${
        !options.waiting
          ? html`<p>${t('preview.gone')}</p>
            ${again}`
          : report.accepted === 0
            ? html`<p>${t('preview.nothing')}</p>
              <div class="actions">
                ${postForm(
                  context,
                  context.href(`import/${report.importId}/cancel`),
                  html`<button type="submit">${t('preview.cancel')}</button>`,
                )}
              </div>`
            : html`<p>${t('preview.waiting')}</p>
              <div class="actions">
                ${postForm(
                  context,
                  context.href(`import/${report.importId}/start`),
                  html`<button type="submit">${t('preview.start', { count: report.accepted })}</button>`,
                )}
                ${postForm(
                  context,
                  context.href(`import/${report.importId}/cancel`),
                  html`<button type="submit">${t('preview.cancel')}</button>`,
                )}
              </div>`
      }`;
  }
  return dashboardPage(context, {
    title,
    active: 'import',
    body: html`<p><a href="${context.href('import')}">${t('import.back')}</a></p>
      <h1>${title}</h1>
      ${notice('error', options.error && t(options.error))} ${body}`,
  });
}

function importPage(
  context: DashboardContext,
  report: ImportReport,
  options: { percent: number | undefined; started: boolean },
): SafeHtml {
  const t = text.in(context.locale);
  const title = t('import.title', { file: report.file.name });
  const counts = html`<div class="stats">
    <div class="stat"><strong>${formatNumber(report.rows, context.locale)}</strong> ${t('import.rows')}</div>
    <div class="stat"><strong>${formatNumber(report.accepted, context.locale)}</strong> ${t('import.accepted')}</div>
    <div class="stat"><strong>${formatNumber(report.rejected, context.locale)}</strong> ${t('import.rejected')}</div>
  </div>`;
  const body = html`<p><a href="${context.href('import')}">${t('import.back')}</a></p>
    <h1>${title}</h1>
    ${notice('ok', options.started ? t('done.started') : undefined)}
    <p>${t('import.status')}: <strong>${t(`status.${report.status}`)}</strong></p>
    ${
      report.status === 'running'
        ? html`<p>${t('import.running')}</p>
          ${progressBlock(context, t, report, options.percent)}`
        : counts
    }
    ${
      report.failure
        ? notice('error', t('import.failed', { message: report.failure.message, hint: report.failure.hint }))
        : ''
    }
    ${report.runs > 1 ? html`<p>${t('import.runs', { runs: report.runs })}</p>` : ''}
    ${report.status === 'running' ? '' : fileFacts(context, t, report)}
    ${decisions(context, t, report)} ${report.status === 'running' ? '' : rejectedRows(context, t, report)}
    ${warnings(t, report)}
    <p><a href="${context.href('invitations')}">${t('import.invitations')}</a></p>`;
  return dashboardPage(context, { title, active: 'import', body });
}

function fileFacts(context: DashboardContext, t: T, report: ImportReport): SafeHtml {
  const { file } = report;
  if (file.encoding === null) return html``;
  return html`<h2>${t('preview.file')}</h2>
    <dl class="import-facts">
      <dt>${t('preview.encoding')}</dt>
      <dd>${file.converted ? t('preview.converted', { encoding: file.encoding }) : file.encoding}</dd>
      <dt>${t('preview.delimiter')}</dt>
      <dd>${file.delimiter === null ? '' : delimiterName(t, file.delimiter)}</dd>
      <dt>${t('preview.headerRow')}</dt>
      <dd>${file.header ? t('yes') : t('no')}</dd>
      ${file.type ? html`<dt>${t('preview.type')}</dt><dd>${t(`type.${file.type}`)}</dd>` : ''}
      <dt>${t('preview.rows')}</dt>
      <dd>${formatNumber(report.rows, context.locale)}</dd>
    </dl>`;
}

function delimiterName(t: T, delimiter: string): string {
  switch (delimiter) {
    case ',':
    case ';':
    case '\t':
    case '|':
      return t(`delimiter.${delimiter}`);
    default:
      return delimiter;
  }
}

function columnsTable(t: T, peek: Extract<FilePeek, { readable: true }>): SafeHtml {
  return html`<h2>${t('preview.columns')}</h2>
    <table class="data">
      <caption>
        ${t('preview.columnsCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('preview.field')}</th>
          <th scope="col">${t('preview.position')}</th>
          ${peek.header ? html`<th scope="col">${t('preview.headerCell')}</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${peek.columns.map(
          (column) =>
            html`<tr>
              <td>${column.name}</td>
              <td>${column.index}</td>
              ${peek.header ? html`<td>${column.header ?? ''}</td>` : ''}
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function firstRowsTable(t: T, peek: Extract<FilePeek, { readable: true }>): SafeHtml {
  if (peek.rows.length === 0) return html``;
  type Row = (typeof peek.rows)[number];
  type Column = (typeof peek.columns)[number];
  const valueOf = (row: Row, column: Column): string => {
    if (row.kind === 'rejected') return row.cells[column.index - 1] ?? '';
    switch (column.key) {
      case 'email':
        return row.email;
      case 'name':
        return row.name;
      case 'reference':
        return row.reference;
      case 'sku':
        return row.product?.sku ?? '';
      case 'productName':
        return row.product?.name ?? '';
      case 'productUrl':
        return row.product?.productUrl ?? '';
      case 'imageUrl':
        return row.product?.imageUrl ?? '';
    }
  };
  return html`<h2>${t('preview.firstRows')}</h2>
    <table class="data import-rows">
        <caption>
          ${t('preview.firstRowsCaption', { count: peek.rows.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('preview.line')}</th>
            ${peek.columns.map((column) => html`<th scope="col">${column.name}</th>`)}
            <th scope="col">${t('preview.result')}</th>
          </tr>
        </thead>
        <tbody>
          ${peek.rows.map(
            (row) =>
              html`<tr>
                <td>${row.line}</td>
                ${peek.columns.map((column) => html`<td>${valueOf(row, column)}</td>`)}
                <td>
                  ${
                    row.kind === 'accepted'
                      ? t('preview.ok')
                      : row.errors.map((error) => error.message).join(' ')
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
}

function decisions(
  context: DashboardContext,
  t: T,
  report: ImportReport,
  heading: 'import.decisions' | 'preview.decisions' = 'import.decisions',
): SafeHtml {
  const entries = Object.entries(report.decisions).filter(([, count]) => count > 0);
  if (entries.length === 0) return html``;
  return html`<h2>${t(heading)}</h2>
    <ul>
      ${entries.map(
        ([decision, count]) =>
          html`<li>${formatNumber(count, context.locale)} ${decisionLabel(t, decision)}</li>`,
      )}
    </ul>`;
}

function decisionLabel(t: T, decision: string): string {
  const key = `decision.${decision}`;
  return key in text.set.english ? t(key as Key) : decision.replaceAll('_', ' ');
}

function rejectedRows(context: DashboardContext, t: T, report: ImportReport): SafeHtml {
  if (report.rejected === 0) return html`<h2>${t('rejected.heading')}</h2><p>${t('rejected.none')}</p>`;
  const listed = report.errors.slice(0, LISTED_ERRORS);
  return html`<h2>${t('rejected.heading')}</h2>
    <table class="data">
      <caption>
        ${t('rejected.caption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('preview.line')}</th>
          <th scope="col">${t('rejected.column')}</th>
          <th scope="col">${t('rejected.reason')}</th>
          <th scope="col">${t('rejected.fix')}</th>
        </tr>
      </thead>
      <tbody>
        ${listed.map(
          (error) =>
            html`<tr>
              <td>${error.line}</td>
              <td>${error.column ?? ''}</td>
              <td>${error.message}</td>
              <td>${error.hint}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      report.errors.length > listed.length || report.errorsTruncated
        ? html`<p>${t('rejected.more', { shown: listed.length })}</p>`
        : ''
    }
    <p>
      <a href="${context.href(`import/${report.importId}/rejections.csv`)}" download
        >${t('rejected.download')}</a
      >
    </p>`;
}

function warnings(t: T, report: ImportReport): SafeHtml {
  if (report.warnings.length === 0) return html``;
  return html`<h2>${t('warnings.heading')}</h2>
    <ul>
      ${report.warnings.map((warning) => html`<li>${warning.message}</li>`)}
    </ul>`;
}
