import { describe, expect, it } from "vitest";
import { LoupeError } from "../../lib/errors";
import { modelCatalogue } from "../../lib/gemini/models";
import { buildOpenApi } from "../../lib/http/build-openapi";
import { BUILT_IN_TEMPLATES } from "../../lib/templates/built-in-templates";
import { callSettingsOf, callSettingsView, NEW_TEMPLATE_SETTINGS, storedCallSettings } from "../../lib/templates/call-settings";
import { checkCallSettings } from "../../lib/templates/check-call-settings";
import { describeModels } from "../../lib/templates/describe-models";
import { templateInputSchema } from "../../lib/templates/schemas";
import { tryTemplateSchema } from "../../lib/analysis/try-template";

const base = { name: "Shoes", instructions: "Look at the shoe.", fields: [{ name: "colour", type: "string" as const }] };
const choice = { models: modelCatalogue({ "gemini-9-ultra": { input: 1, output: 4 } }), defaultModel: "gemini-2.5-flash" };
const refusal = (settings: Partial<typeof NEW_TEMPLATE_SETTINGS>) => {
  try {
    checkCallSettings({ ...NEW_TEMPLATE_SETTINGS, ...settings }, choice);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(LoupeError);
    return error as LoupeError;
  }
};

describe("a template's call settings: what the API accepts", () => {
  it("accepts the four settings (a budget as a number or a numeric string) and leaves them out when not given", () => {
    const parsed = templateInputSchema.parse({ ...base, model: "gemini-2.5-pro", thinking: "2048", mediaResolution: "low", maxOutputTokens: 4096 });
    expect(parsed).toMatchObject({ model: "gemini-2.5-pro", thinking: 2048, mediaResolution: "low", maxOutputTokens: 4096 });
    expect(templateInputSchema.parse({ ...base, thinking: "dynamic", model: null, maxOutputTokens: null })).toMatchObject({ thinking: "dynamic", model: null, maxOutputTokens: null });
    const bare = templateInputSchema.parse(base);
    expect([bare.model, bare.thinking, bare.mediaResolution, bare.maxOutputTokens]).toEqual([undefined, undefined, undefined, undefined]);
    expect(tryTemplateSchema.parse({ instructions: "x", fields: base.fields, thinking: "off", mediaResolution: "high" })).toMatchObject({ thinking: "off", mediaResolution: "high" });
  });

  it("refuses settings that are not settings, with a message that says what is allowed", () => {
    const issue = (body: object) => templateInputSchema.safeParse({ ...base, ...body }).error?.issues[0]?.message;
    expect(issue({ thinking: "lots" })).toMatch(/"off", "low", "dynamic" or a token budget/);
    expect(issue({ thinking: 0 })).toMatch(/at least 1 token/);
    expect(issue({ thinking: 40_000 })).toMatch(/at most 32,768/);
    expect(issue({ mediaResolution: "ultra_high" })).toMatch(/default, low, medium, high/);
    expect(issue({ maxOutputTokens: 8 })).toMatch(/at least 16/);
    expect(issue({ maxOutputTokens: 100_000 })).toMatch(/at most 65,536/);
    expect(issue({ model: "../../etc/passwd" })).toMatch(/letters, digits, dots and dashes/);
  });

  it("a model must be in the catalogue (the operator's additions included); the 400 names the models offered", () => {
    const unknown = refusal({ model: "gemini-1.0-pro" })!;
    expect(unknown).toMatchObject({ status: 400, code: "unknown_model" });
    expect(unknown.message).toContain("gemini-2.5-flash, gemini-2.5-flash-lite, gemini-2.5-pro, gemini-2.0-flash, gemini-3-flash-preview, gemini-9-ultra");
    expect(unknown.details?.models).toContain("gemini-9-ultra");
    expect(refusal({ model: "gemini-9-ultra" })).toBeNull();
    expect(refusal({ model: null })).toBeNull(); // the server's GEMINI_MODEL
  });

  it('thinking: "off" is allowed on every model; a budget must be within the model\'s range; a model that does not think takes no budget', () => {
    for (const model of choice.models) expect(refusal({ model: model.id, thinking: "off" }), model.id).toBeNull();
    expect(refusal({ model: "gemini-2.5-pro", thinking: "64" })).toMatchObject({ code: "thinking_budget_out_of_range" });
    expect(refusal({ model: "gemini-2.5-pro", thinking: "64" })!.message).toBe('Gemini 2.5 Pro takes a thinking budget from 128 to 32,768 tokens ("off" sends its minimum, 128).');
    expect(refusal({ model: "gemini-2.5-flash", thinking: "30000" })!.message).toMatch(/from 1 to 24,576 tokens \("off" sends 0\)/);
    expect(refusal({ model: "gemini-2.5-pro", thinking: "4096" })).toBeNull();
    expect(refusal({ model: "gemini-2.0-flash", thinking: "low" })).toMatchObject({ code: "thinking_not_supported" });
    expect(refusal({ model: "gemini-2.0-flash", thinking: "1024" })!.message).toMatch(/Gemini 2.0 Flash does not think/);
    // Checked against the server's model when the version names none.
    expect(refusal({ model: null, thinking: "30000" })).toMatchObject({ code: "thinking_budget_out_of_range" });
  });

  it("maxOutputTokens must leave room for the answer above the thinking budget (thoughts count against it)", () => {
    expect(refusal({ model: "gemini-2.5-flash", thinking: "2048", maxOutputTokens: 2000 })).toMatchObject({ code: "output_room_too_small" });
    expect(refusal({ model: "gemini-2.5-flash", thinking: "low", maxOutputTokens: 1024 })!.message).toMatch(/allows 1,024 on Gemini 2.5 Flash. Raise it above 1,024/);
    expect(refusal({ model: "gemini-2.5-pro", thinking: "off", maxOutputTokens: 100 })).toMatchObject({ code: "output_room_too_small" });
    expect(refusal({ model: "gemini-2.5-flash", thinking: "off", maxOutputTokens: 100 })).toBeNull();
    expect(refusal({ model: "gemini-2.5-flash", thinking: "dynamic", maxOutputTokens: 1000 })).toBeNull(); // the model fits its thinking in
  });
});

describe("from the columns to the call, and back", () => {
  it("a new template stores what was given and the cheap default for the rest; an edit keeps what it leaves out", () => {
    expect(storedCallSettings({})).toEqual({ model: null, thinking: "off", mediaResolution: "default", maxOutputTokens: null });
    expect(storedCallSettings({ model: "gemini-2.5-pro", thinking: 512, maxOutputTokens: 3000 })).toEqual({ model: "gemini-2.5-pro", thinking: "512", mediaResolution: "default", maxOutputTokens: 3000 });
    const previous = { model: "gemini-2.5-pro", thinking: "dynamic", mediaResolution: "low", maxOutputTokens: 5000 };
    expect(storedCallSettings({ thinking: "off" }, previous)).toEqual({ ...previous, thinking: "off" });
    expect(storedCallSettings({ model: null, maxOutputTokens: null }, previous)).toEqual({ ...previous, model: null, maxOutputTokens: null });
  });

  it("a version saved before settings existed runs as it did (the batch's model, the model's own thinking); a saved one as saved", () => {
    expect(callSettingsOf({ model: null, thinking: null, mediaResolution: null, maxOutputTokens: null }, "gemini-2.5-flash")).toEqual({ model: "gemini-2.5-flash", thinking: "dynamic", mediaResolution: "default", maxOutputTokens: null });
    expect(callSettingsOf({ model: "gemini-2.5-pro", thinking: "2048", mediaResolution: "low", maxOutputTokens: 4096 }, "gemini-2.5-flash")).toEqual({ model: "gemini-2.5-pro", thinking: 2048, mediaResolution: "low", maxOutputTokens: 4096 });
    const view = callSettingsView({ model: null, thinking: "2048", mediaResolution: "medium", maxOutputTokens: null }, "gemini-2.0-flash");
    expect(view).toEqual({ model: null, thinking: 2048, mediaResolution: "medium", maxOutputTokens: null, effective: { model: "gemini-2.0-flash", thinking: 2048, mediaResolution: "medium", maxOutputTokens: null } });
  });

  it("the built-in templates are seeded with thinking off on the server's model and Google's default image detail", () => {
    for (const template of BUILT_IN_TEMPLATES) expect(storedCallSettings(template), template.name).toEqual({ model: null, thinking: "off", mediaResolution: "default", maxOutputTokens: null });
  });
});

describe("GET /models and the OpenAPI document", () => {
  it("describes each model's prices, thinking and what a typical photo costs at each media resolution, downscaled or not", () => {
    const view = describeModels({ models: choice.models, GEMINI_MODEL: "gemini-2.5-flash", IMAGE_MAX_SIDE: 1536 });
    expect(view.typicalPhoto).toEqual({ original: { width: 4000, height: 3000 }, sent: { width: 1536, height: 1152 } });
    const flash = view.models.find((model) => model.id === "gemini-2.5-flash")!;
    expect(flash.imageTokens).toEqual({ default: 1032, low: 64, medium: 256, high: 256 });
    expect(flash.imageTokensAtFullSize.default).toBe(1032); // downscaling saves bandwidth, not tokens
    expect(flash.thinking).toMatchObject({ minBudget: 0, canTurnOff: true });
    expect(flash.thinkingTokens.off).toBe(0);
    expect(flash.defaultMaxOutputTokens.off).toBe(view.answerTokens);
    expect(flash.prices).toMatchObject({ input: 0.3, output: 2.5 });
    const pro = view.models.find((model) => model.id === "gemini-2.5-pro")!;
    expect(pro.thinking).toMatchObject({ minBudget: 128, canTurnOff: false });
    expect(pro.thinkingTokens.off).toBe(128);
    expect(view.models.find((model) => model.id === "gemini-2.0-flash")!.thinking).toBeNull();
    expect(view.models.map((model) => model.id)).toContain("gemini-9-ultra");
    expect(JSON.stringify(view)).not.toMatch(/key/i);
  });

  it("documents the settings on the templates routes, and the models and template detail routes", () => {
    type Schema = { properties: Record<string, { description?: string }>; anyOf?: Schema[] };
    const document = buildOpenApi() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>> };
    // An analysis template, or (kind "transform") a transform's operations.
    const [analysis, transform] = document.paths["/templates"].post.requestBody!.content["application/json"].schema.anyOf!;
    expect(transform.properties.operations).toBeDefined();
    const create = analysis.properties;
    for (const name of ["model", "thinking", "mediaResolution", "maxOutputTokens"]) expect(create[name], name).toBeDefined();
    expect(create.thinking.description).toMatch(/billed as output/);
    expect(document.paths["/templates/try"].post.requestBody!.content["application/json"].schema.properties.mediaResolution).toBeDefined();
    expect(document.paths["/models"].get).toBeDefined();
    expect(document.paths["/templates/{id}"].get).toBeDefined();
  });
});
