/**
 * A small JPEG of a dropped image, made in the browser from the file already in hand (nothing is uploaded or
 * downloaded for it): decoded straight to the thumbnail's width, so a 50-megapixel photo never sits in memory full size.
 * Null for what the browser cannot decode (TIFF, a broken file): the upload decides whether it is an image.
 */
export async function makeThumbnail(file: Blob, width = 112): Promise<string | null> {
  try {
    const bitmap = await createImageBitmap(file, { resizeWidth: width, resizeQuality: "medium" });
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
    return blob ? URL.createObjectURL(blob) : null;
  } catch {
    return null;
  }
}
