import type { TemplateInput } from "./schemas";

// The cheapest setting that still answers these templates well: no thinking (a budget of 0 on Flash, the least the model
// allows elsewhere), Google's default image detail, Loupe's default output room, on the server's GEMINI_MODEL.
const CHEAPEST = { model: null, thinking: "off", mediaResolution: "default", maxOutputTokens: null } as const;

/**
 * Templates every Loupe starts with. Boxes follow Gemini's convention: [ymin, xmin, ymax, xmax] on 0 to 1000.
 * Their text stays within Latin-1: one character beyond it makes the SDK's whole request body (the image's base64
 * included) a two-byte string, twice the memory and encoding work on every call.
 */
export const BUILT_IN_TEMPLATES: TemplateInput[] = [
  {
    name: "Describe & tag",
    description: "A caption, tags, a category, dominant colours and any visible text.",
    ...CHEAPEST,
    instructions: "Describe this image for a product catalogue. Be concrete and brief.",
    fields: [
      { name: "caption", type: "string", description: "One sentence describing the image" },
      { name: "tags", type: "list", items: { name: "tag", type: "string" }, description: "5 to 10 short keywords" },
      { name: "category", type: "string", description: "The best-fitting product or scene category" },
      { name: "dominant_colours", type: "list", items: { name: "colour", type: "string" }, description: "Main colours by name" },
      { name: "visible_text", type: "string", description: "Text visible in the image, or empty", required: false },
    ],
  },
  {
    name: "Product listing",
    description: "A title, description, attributes and issues to fix for an e-commerce listing.",
    ...CHEAPEST,
    instructions: "Write a product listing for the item in this photo, as an e-commerce catalogue editor would.",
    fields: [
      { name: "title", type: "string", description: "Product title, at most 80 characters" },
      { name: "description", type: "string", description: "Two or three sentences" },
      {
        name: "attributes",
        type: "list",
        items: { name: "attribute", type: "object", properties: [{ name: "name", type: "string" }, { name: "value", type: "string" }] },
        description: "Material, colour, style and other visible attributes",
      },
      { name: "issues_to_fix", type: "list", items: { name: "issue", type: "string" }, description: "Problems with the photo for a listing (lighting, crop, background...)" },
    ],
  },
  {
    name: "Object detection",
    description: "Every distinct object with a label, a confidence and a bounding box.",
    ...CHEAPEST,
    instructions: "Detect the distinct objects in this image. For each, give a label, your confidence from 0 to 1, and its bounding box as [ymin, xmin, ymax, xmax] normalised to 0-1000.",
    fields: [
      {
        name: "objects",
        type: "list",
        items: {
          name: "object",
          type: "object",
          properties: [
            { name: "label", type: "string" },
            { name: "confidence", type: "number" },
            { name: "box", type: "list", items: { name: "coordinate", type: "integer" }, description: "[ymin, xmin, ymax, xmax] on 0-1000" },
          ],
        },
      },
    ],
  },
  {
    name: "Read the text (offline OCR)",
    description: "The text in the image, line by line, and its words. Without a Gemini key the offline analyzer reads it with Tesseract.",
    ...CHEAPEST,
    instructions: "Read all the text visible in this image exactly as written, line by line. Do not describe the image.",
    fields: [
      { name: "text", type: "string", description: "All visible text, lines separated by newlines; empty if there is none" },
      { name: "words", type: "list", items: { name: "word", type: "string" }, description: "Each word, in reading order" },
    ],
  },
  {
    name: "Find faces (offline)",
    description: "Every human face with a confidence and a bounding box, how many, and whether there is any. Without a Gemini key the offline analyzer finds them with a face detector.",
    ...CHEAPEST,
    instructions: "Find every human face in this image, however small or turned. For each, give your confidence from 0 to 1 and its bounding box as [ymin, xmin, ymax, xmax] normalised to 0-1000. Do not identify anyone.",
    fields: [
      {
        name: "faces",
        type: "list",
        items: {
          name: "face",
          type: "object",
          properties: [
            { name: "label", type: "string", description: "Always \"face\"" },
            { name: "confidence", type: "number" },
            { name: "box", type: "list", items: { name: "coordinate", type: "integer" }, description: "[ymin, xmin, ymax, xmax] on 0-1000" },
          ],
        },
        description: "Each face, left to right",
      },
      { name: "face_count", type: "integer", description: "How many faces" },
      { name: "has_faces", type: "boolean", description: "Whether there is at least one face" },
    ],
  },
  {
    name: "Image quality check",
    description: "Blur, watermark, background and a pass/fail verdict with reasons.",
    ...CHEAPEST,
    instructions: "Check whether this image is good enough for a product catalogue.",
    fields: [
      { name: "blurry", type: "boolean" },
      { name: "watermark", type: "boolean" },
      { name: "background", type: "enum", enumValues: ["white", "plain", "busy", "transparent"] },
      { name: "verdict", type: "enum", enumValues: ["pass", "fail"] },
      { name: "reasons", type: "list", items: { name: "reason", type: "string" } },
    ],
  },
];
