// The stopword package ships no types; only the Indonesian list is used.
declare module "stopword" {
  export const ind: string[];
}
