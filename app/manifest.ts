import type { MetadataRoute } from "next";

/** The web app manifest: the name and icons a browser shows when Loupe is installed or pinned. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Loupe",
    short_name: "Loupe",
    description: "Analyse images in bulk with Google Gemini.",
    start_url: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#3f4fd0",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/apple-icon.png", sizes: "180x180", type: "image/png" },
    ],
  };
}
