import exifReader from "exif-reader";

/** The EXIF fields people look for, in plain units; null when the image has no (readable) EXIF block. */
export interface ExifSummary {
  make: string | null;
  model: string | null;
  lens: string | null;
  software: string | null;
  /** When the photo was taken, as the camera wrote it (no time zone: cameras rarely record one). */
  takenAt: string | null;
  /** Seconds, e.g. 0.008 (1/125 s); exposure as a fraction too. */
  exposureTime: number | null;
  exposure: string | null;
  fNumber: number | null;
  iso: number | null;
  focalLengthMm: number | null;
  flashFired: boolean | null;
  orientation: number | null;
  gps: { latitude: number; longitude: number; altitudeM: number | null } | null;
}

const text = (value: unknown) => (typeof value === "string" && value.replace(/\0+$/, "").trim() ? value.replace(/\0+$/, "").trim() : null);
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : Array.isArray(value) && typeof value[0] === "number" ? value[0] : null);
const round = (value: number | null, digits: number) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

function isoDate(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().replace(/\.000Z$/, "").replace(/Z$/, "");
  const written = text(value);
  const match = written?.match(/^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/);
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}` : written;
}

function degrees(dms: unknown, reference: unknown): number | null {
  if (!Array.isArray(dms) || dms.length < 3 || !dms.every((part) => typeof part === "number" && Number.isFinite(part))) return null;
  const value = dms[0] + dms[1] / 60 + dms[2] / 3600;
  return round(text(reference)?.toUpperCase().match(/^[SW]/) ? -value : value, 6);
}

function fraction(seconds: number | null): string | null {
  if (seconds === null || seconds <= 0) return null;
  return seconds >= 1 ? `${round(seconds, 1)} s` : `1/${Math.round(1 / seconds)} s`;
}

/** Reads sharp's `metadata.exif` buffer. A damaged block gives null rather than failing the whole description. */
export function summarizeExif(exif: Buffer | undefined): ExifSummary | null {
  if (!exif?.length) return null;
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(exif);
  } catch {
    return null;
  }
  const image = (tags.Image ?? {}) as Record<string, unknown>;
  const photo = (tags.Photo ?? {}) as Record<string, unknown>;
  const gpsTags = (tags.GPSInfo ?? {}) as Record<string, unknown>;
  const latitude = degrees(gpsTags.GPSLatitude, gpsTags.GPSLatitudeRef);
  const longitude = degrees(gpsTags.GPSLongitude, gpsTags.GPSLongitudeRef);
  const altitude = num(gpsTags.GPSAltitude);
  const exposureTime = num(photo.ExposureTime);
  const flash = num(photo.Flash);
  return {
    make: text(image.Make),
    model: text(image.Model),
    lens: text(photo.LensModel) ?? text(photo.LensMake),
    software: text(image.Software),
    takenAt: isoDate(photo.DateTimeOriginal ?? photo.DateTimeDigitized ?? image.DateTime),
    exposureTime: round(exposureTime, 6),
    exposure: fraction(exposureTime),
    fNumber: round(num(photo.FNumber), 1),
    iso: num(photo.ISOSpeedRatings) ?? num(photo.PhotographicSensitivity),
    focalLengthMm: round(num(photo.FocalLength), 1),
    flashFired: flash === null ? null : (flash & 1) === 1,
    orientation: num(image.Orientation),
    gps: latitude !== null && longitude !== null ? { latitude, longitude, altitudeM: round(altitude === null ? null : num(gpsTags.GPSAltitudeRef) === 1 ? -altitude : altitude, 1) } : null,
  };
}
