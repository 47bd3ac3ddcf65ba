import { badRequest, LoupeError } from "../errors";
import { TRANSFORM_LIMITS } from "./limits";
import type { Operation } from "./operations-schema";
import type { PlannedOperation } from "./plan-stages";
import { MAX_SIDE_BY_FORMAT, type OutputFormat } from "./output-formats";

export interface Size {
  width: number;
  height: number;
  /** False once a trim ran: the size is then at most this (trim only removes). */
  exact: boolean;
}

const megapixels = (pixels: number) => `${Math.round(pixels / 100_000) / 10} MP`;

/** The size an operation makes of an image of `size` (sharp's rounding may differ by a pixel: used for limits, not layout). */
export function sizeAfter(operation: Operation, size: Size, index: number): Size {
  const { width, height, exact } = size;
  switch (operation.op) {
    case "resize": {
      const scaleX = operation.width ? operation.width / width : undefined;
      const scaleY = operation.height ? operation.height / height : undefined;
      let next: { width: number; height: number };
      if (scaleX !== undefined && scaleY !== undefined && ["cover", "contain", "fill"].includes(operation.fit)) {
        next = { width: operation.width!, height: operation.height! };
        if (operation.withoutEnlargement && scaleX > 1 && scaleY > 1) next = { width, height };
      } else {
        let scale = scaleX !== undefined && scaleY !== undefined ? (operation.fit === "inside" ? Math.min(scaleX, scaleY) : Math.max(scaleX, scaleY)) : (scaleX ?? scaleY!);
        if (operation.withoutEnlargement) scale = Math.min(scale, 1);
        next = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
      }
      return { ...next, exact };
    }
    case "crop":
      if ("left" in operation && exact) {
        if (operation.left + operation.width > width) {
          throw badRequest("crop_outside_image", `operations[${index}] (crop) goes past the right edge: left ${operation.left} + width ${operation.width} = ${operation.left + operation.width}, but the image is ${width} pixels wide.`);
        }
        if (operation.top + operation.height > height) {
          throw badRequest("crop_outside_image", `operations[${index}] (crop) goes past the bottom edge: top ${operation.top} + height ${operation.height} = ${operation.top + operation.height}, but the image is ${height} pixels high.`);
        }
      }
      return { width: operation.width, height: operation.height, exact };
    case "rotate": {
      const quarter = operation.angle % 90 === 0;
      if (quarter) return Math.abs(operation.angle / 90) % 2 === 1 ? { width: height, height: width, exact } : size;
      const radians = (operation.angle * Math.PI) / 180;
      const cos = Math.abs(Math.cos(radians));
      const sin = Math.abs(Math.sin(radians));
      return { width: Math.ceil(width * cos + height * sin), height: Math.ceil(width * sin + height * cos), exact };
    }
    case "trim":
      return { width, height, exact: false };
    default:
      return size;
  }
}

function checkLimits(size: Size, index: number, what: string) {
  const pixels = size.width * size.height;
  if (pixels > TRANSFORM_LIMITS.maxOutputPixels) {
    throw new LoupeError(413, "output_too_large", `${what} would make an image of ${size.width}×${size.height} (${megapixels(pixels)}), over the ${megapixels(TRANSFORM_LIMITS.maxOutputPixels)} limit.`, { index });
  }
  if (Math.max(size.width, size.height) > TRANSFORM_LIMITS.maxSide) {
    throw new LoupeError(413, "output_too_large", `${what} would make an image of ${size.width}×${size.height}, wider or taller than the ${TRANSFORM_LIMITS.maxSide}-pixel limit.`, { index });
  }
}

/**
 * Walks the operations from the image's size, refusing (before any pixel is decoded) a step past the limits or a crop outside
 * the image. Returns the size each step makes; after a trim the sizes are upper bounds and crops are checked again later.
 */
export function planSizes(operations: PlannedOperation[], start: Size, format: OutputFormat): Size {
  let size = start;
  for (const { operation, index } of operations) {
    size = sizeAfter(operation, size, index);
    checkLimits(size, index, `operations[${index}] (${operation.op})`);
  }
  const formatMax = MAX_SIDE_BY_FORMAT[format];
  if (size.exact && Math.max(size.width, size.height) > formatMax) {
    throw badRequest("output_too_large_for_format", `The result would be ${size.width}×${size.height}, but ${format} images can be at most ${formatMax} pixels on a side; make it smaller or choose another format.`);
  }
  return size;
}
