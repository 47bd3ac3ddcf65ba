import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <EmptyState title="There is nothing here" action={{ href: "/batches", label: "See all batches" }}>
      The page or batch you asked for does not exist, or it was deleted.
    </EmptyState>
  );
}
