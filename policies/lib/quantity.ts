/** Kubernetes resource quantities: the one parser shared with the components' validation. */
export { parseQuantity } from "../../contract/quantity";
