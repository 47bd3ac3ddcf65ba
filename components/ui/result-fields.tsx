const isScalar = (value: unknown) => value === null || ["string", "number", "boolean"].includes(typeof value);
const isColour = (value: unknown): value is string => typeof value === "string" && /^#[0-9a-f]{6}$/i.test(value);

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") return <span className="text-slate-400">—</span>;
  if (typeof value === "boolean") return <span>{value ? "yes" : "no"}</span>;
  if (isColour(value)) {
    return (
      <span className="inline-flex items-center gap-1">
        <span className="inline-block h-3 w-3 rounded border border-slate-300" style={{ background: value }} /> {value}
      </span>
    );
  }
  return <span>{String(value)}</span>;
}

function ObjectTable({ rows }: { rows: Record<string, unknown>[] }) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <table className="w-full text-xs">
      <thead>
        <tr className="text-left text-slate-500">
          {columns.map((column) => (
            <th key={column} className="pr-3 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index} className="border-t border-slate-100 dark:border-slate-800">
            {columns.map((column) => (
              <td key={column} className="pr-3 align-top">
                <FieldValue value={row[column]} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One result value, shown for people: lists as chips, lists of objects as a table, colours as swatches. */
export function FieldValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-400">none</span>;
    if (value.every(isScalar)) {
      // Numbers (e.g. a box) read best inline; words as chips.
      if (value.every((item) => typeof item === "number")) return <span className="tabular-nums">[{value.join(", ")}]</span>;
      return (
        <span className="flex flex-wrap gap-1">
          {value.map((item, index) => (
            <span key={index} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
              <Scalar value={item} />
            </span>
          ))}
        </span>
      );
    }
    if (value.every((item) => item && typeof item === "object" && !Array.isArray(item))) return <ObjectTable rows={value as Record<string, unknown>[]} />;
    return <code className="text-xs">{JSON.stringify(value)}</code>;
  }
  if (value && typeof value === "object") return <ResultFields result={value as Record<string, unknown>} nested />;
  return <Scalar value={value} />;
}

/** A result as labelled fields. */
export function ResultFields({ result, nested = false }: { result: Record<string, unknown>; nested?: boolean }) {
  return (
    <dl className={`grid grid-cols-[minmax(0,1fr)_minmax(0,3fr)] gap-x-4 gap-y-1 ${nested ? "text-xs" : "text-sm"}`}>
      {Object.entries(result).map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{key}</dt>
          <dd className="min-w-0 break-words">
            <FieldValue value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
