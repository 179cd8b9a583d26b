// Placeholder: the enroll form (ipmi / redfish / fake, with field help from the driver properties).
export function EnrollPage() {
  return <h1>Enroll a node</h1>;
}
