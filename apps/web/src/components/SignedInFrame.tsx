import { useSignedInExtras } from "../later-screens.ts";
import { AppLayout } from "./AppLayout.tsx";

/** The signed-in app, with the modal and notification hosts once a screen that uses them has loaded. */
export function SignedInFrame() {
  const Extras = useSignedInExtras();
  return (
    <>
      <AppLayout />
      {Extras && <Extras />}
    </>
  );
}
