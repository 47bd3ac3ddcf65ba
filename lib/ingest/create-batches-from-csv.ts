import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { stringify } from "csv-stringify";
import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { createBatches } from "./create-batches";
import type { IngestRow } from "./insert-batch-rows";
import { readCsvFormat, readCsvRecords } from "./read-csv";
import type { ColumnMapping } from "./suggest-mapping";
import { imageUrlProblem } from "./validate-image-url";
import { feedHeader, feedKindOf, feedRecords } from "./feed-rows";
import { isStorableText } from "../validation/storable-text";

export interface ValidationIssue {
  row: number;
  value: string;
  reason: string;
}

export interface CsvIngestInput {
  file: string;
  fileName: string;
  reportFile: string;
  mapping: ColumnMapping;
  skipDuplicates?: boolean;
  name?: string;
  maxBatchSize: number;
  templateVersionId?: string | null;
  transformVersionId?: string | null;
  model?: string | null;
  createdById?: string | null;
  budgetMicros?: bigint | null;
}

const SHOWN_ISSUES = 100;

/** A NUL (binary data past the sniffed start of the file) in a kept column would fail in PostgreSQL: the row is refused. */
function unstorableColumn(record: string[], indexes: number[], header: string[]): string | null {
  const at = indexes.find((index) => index >= 0 && !isStorableText(record[index] ?? ""));
  return at === undefined ? null : `the ${header[at]} column contains a NUL character (binary data)`;
}

/**
 * Streams a stored CSV into batches: maps columns, validates each URL (the bad ones go to a downloadable report, the good
 * ones go on), optionally skips duplicate URLs, and splits into parts past maxBatchSize.
 */
export async function createBatchesFromCsv(db: PrismaClient, input: CsvIngestInput) {
  const format = await readCsvFormat(input.file);
  const records = readCsvRecords(input.file, format);
  const first = await records.next();
  if (first.done) throw badRequest("csv_empty", "The file has no rows.");
  const feed = feedKindOf(input.mapping.feed);
  const header = feed ? feedHeader(feed, first.value) : first.value;
  const source = feed ? feedRecords(feed, first.value, records) : records;
  const index = (column: string | null | undefined, role: string) => {
    if (!column) return -1;
    const at = header.indexOf(column);
    if (at < 0) throw badRequest("csv_unknown_column", `The ${role} column "${column}" is not in the file (columns: ${header.slice(0, 20).join(", ")}).`);
    return at;
  };
  const urlIndex = index(input.mapping.url, "URL");
  const nameIndex = index(input.mapping.name, "name");
  const idIndex = index(input.mapping.externalId, "external id");
  const carry = (input.mapping.carry ?? []).map((column) => ({ column, at: index(column, "carried") }));

  await mkdir(path.dirname(input.reportFile), { recursive: true });
  const report = stringify({ header: true, columns: ["row", "value", "reason"] });
  const reportDone = new Promise<void>((resolve, reject) => report.pipe(createWriteStream(input.reportFile)).on("finish", () => resolve()).on("error", reject));
  const issues: ValidationIssue[] = [];
  let issueCount = 0;
  let dataRows = 0;
  const seen = input.skipDuplicates ? new Set<string>() : null;
  let duplicates = 0;

  async function* rows(): AsyncGenerator<IngestRow> {
    let rowNumber = 1;
    for await (const record of source) {
      rowNumber += 1;
      dataRows += 1;
      const url = (record[urlIndex] ?? "").trim();
      const problem = imageUrlProblem(url) ?? unstorableColumn(record, [nameIndex, idIndex, ...carry.map((c) => c.at)], header);
      if (problem) {
        issueCount += 1;
        const issue = { row: rowNumber, value: url.slice(0, 300), reason: problem };
        if (issues.length < SHOWN_ISSUES) issues.push(issue);
        report.write([issue.row, issue.value, issue.reason]);
        continue;
      }
      if (seen) {
        if (seen.has(url)) {
          duplicates += 1;
          continue;
        }
        seen.add(url);
      }
      yield {
        rowNumber,
        url,
        name: nameIndex >= 0 ? record[nameIndex] || null : null,
        externalId: idIndex >= 0 ? record[idIndex] || null : null,
        carried: carry.length ? Object.fromEntries(carry.map(({ column, at }) => [column, record[at] ?? ""])) : null,
      };
    }
  }

  try {
    const created = await createBatches(db, {
      name: input.name?.trim() || input.fileName.replace(/\.(csv|tsv|txt|xml)$/i, ""),
      source: "csv",
      sourceFileName: input.fileName,
      rows: rows(),
      maxBatchSize: input.maxBatchSize,
      templateVersionId: input.templateVersionId,
      transformVersionId: input.transformVersionId,
      model: input.model,
      carriedColumns: carry.map((c) => c.column),
      createdById: input.createdById,
      budgetMicros: input.budgetMicros,
    });
    return { ...created, rows: dataRows, rejected: issueCount, duplicatesSkipped: duplicates, issues };
  } catch (error) {
    if ((error as { code?: string }).code === "no_images" && issueCount > 0) {
      throw badRequest("csv_no_valid_urls", `None of the ${dataRows} rows has a valid image URL in column "${input.mapping.url}" (first problem: row ${issues[0].row}, ${issues[0].reason}).`, { issues: issues.slice(0, 20) });
    }
    if ((error as { code?: string }).code === "no_images") throw badRequest("csv_no_rows", "The file has a header but no data rows.");
    throw error;
  } finally {
    report.end();
    await reportDone;
  }
}
