/** A transform's operations as one line a person reads: "resize 1200×1200 (inside) · flatten #ffffff · webp q82". */
export function operationsSummary(operations: unknown): string {
  if (!Array.isArray(operations)) return "";
  return operations
    .map((operation: Record<string, unknown>) => {
      const { op, ...rest } = operation;
      if (op === "format") return `${rest.format}${rest.quality !== undefined ? ` q${rest.quality}` : ""}`;
      if (op === "resize") return `resize ${rest.width ?? "auto"}×${rest.height ?? "auto"} (${rest.fit ?? "inside"})`;
      if (op === "crop") return "strategy" in rest ? `crop ${rest.width}×${rest.height} (${rest.strategy})` : `crop ${rest.width}×${rest.height} at ${rest.left},${rest.top}`;
      const values = Object.entries(rest).filter(([key, value]) => value !== undefined && key !== "withoutEnlargement").map(([, value]) => String(value));
      return [op, ...values].join(" ");
    })
    .join(" · ");
}
