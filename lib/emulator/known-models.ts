import { IMAGE_MODELS, imageModelInfo, isImageModel } from "../gemini/image-models";
import { BUILT_IN_MODELS, modelInfo, type ModelInfo } from "../gemini/models";

/** A model as the emulator serves it: Loupe's catalogue entry (thinking, image tokens) plus what models.get tells. */
export interface EmulatedModel {
  info: ModelInfo;
  /** An image model: it can answer responseModalities IMAGE; a text model refuses them. */
  makesImages: boolean;
  version: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
}

// Limits as Google's models.get states them (2.0 Flash answers at most 8192 tokens; the image models read 32k–65k).
const LIMITS: Record<string, Pick<EmulatedModel, "version" | "inputTokenLimit" | "outputTokenLimit">> = {
  "gemini-2.0-flash": { version: "2.0", inputTokenLimit: 1_048_576, outputTokenLimit: 8192 },
  "gemini-2.5-flash-image": { version: "2.0", inputTokenLimit: 32_768, outputTokenLimit: 32_768 },
  "gemini-3.1-flash-image-preview": { version: "3.1", inputTokenLimit: 65_536, outputTokenLimit: 32_768 },
  "gemini-3-pro-image-preview": { version: "3.0", inputTokenLimit: 65_536, outputTokenLimit: 32_768 },
};
const DEFAULT_LIMITS = { version: "001", inputTokenLimit: 1_048_576, outputTokenLimit: 65_536 };

/** Every model id the emulator answers for; any other is a 404, as on Google. */
export function knownModelIds(extra: string[] = []): string[] {
  return [...new Set([...BUILT_IN_MODELS.map((model) => model.id), ...IMAGE_MODELS.map((model) => model.id), ...extra])];
}

export function findModel(id: string, extra: string[] = []): EmulatedModel | null {
  if (!knownModelIds(extra).includes(id)) return null;
  // An image model answers with images (image-answers.ts); an added model behaves as the catalogue treats an unknown one (2.5 Flash).
  const info = isImageModel(id) ? imageModelInfo(id) : modelInfo(id);
  return { info, makesImages: isImageModel(id), ...(LIMITS[id] ?? DEFAULT_LIMITS) };
}

/** The Model resource of models.get (the probe route). */
export function modelResource(model: EmulatedModel) {
  return {
    name: `models/${model.info.id}`,
    version: model.version,
    displayName: model.info.label,
    description: model.info.note,
    inputTokenLimit: model.inputTokenLimit,
    outputTokenLimit: model.outputTokenLimit,
    supportedGenerationMethods: ["generateContent", "countTokens", "batchGenerateContent"],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: model.info.thinking !== null,
  };
}
