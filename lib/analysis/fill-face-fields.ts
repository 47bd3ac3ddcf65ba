import { detectFaces, type DetectedFace } from "../image-info/detect-faces";
import { faceFieldKind } from "../templates/offline-fields";
import type { TemplateField } from "../templates/schemas";

/** A face as results store boxes (lib/analysis/normalize-boxes.ts): [ymin, xmin, ymax, xmax] on 0–1, as Gemini's would be. */
const storedBox = ({ box }: DetectedFace) => [box.y, box.x, box.y + box.height, box.x + box.width].map((n) => Math.round(n * 10_000) / 10_000);

/**
 * The offline analyzer's answer to a template's face fields (faces, face_count, has_faces…, see faceFieldKind): the
 * face detector looks once; a list gets `{ label: "face", confidence, box }` per face (or the bare boxes when its items
 * are lists), a number the count, a boolean whether there is any. Nothing when the template asks for no faces.
 */
export async function fillFaceFields(bytes: Buffer, fields: TemplateField[]): Promise<Record<string, unknown>> {
  const wanted = fields.map((field) => ({ field, kind: faceFieldKind(field) })).filter((wanted) => wanted.kind !== null);
  if (!wanted.length) return {};
  const { faces, durationMs } = await detectFaces(bytes);
  const answer: Record<string, unknown> = { faceDetection: { faces: faces.length, durationMs } };
  for (const { field, kind } of wanted) {
    if (kind === "count") answer[field.name] = faces.length;
    else if (kind === "presence") answer[field.name] = faces.length > 0;
    else answer[field.name] = field.items?.type === "list" ? faces.map(storedBox) : faces.map((face) => ({ label: "face", confidence: face.confidence, box: storedBox(face) }));
  }
  return answer;
}
