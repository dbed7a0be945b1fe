/**
 * A mutation's expected failures (`userErrors { field code message }`) as a typed result: every
 * payload of Gongzhi's mutations has `userErrors`, empty on success, and nothing was written when
 * it is not.
 */

/** What every payload's `userErrors` holds; the generated types narrow `code` to `UserErrorCode`. */
export interface UserErrorShape {
  readonly field: readonly string[];
  readonly code: string;
  readonly message: string;
}

export interface PayloadShape {
  readonly userErrors: readonly UserErrorShape[];
}

type ErrorOf<P extends PayloadShape> = P['userErrors'][number];

/** The payload without its (empty) `userErrors`. */
export type Success<P extends PayloadShape> = Omit<P, 'userErrors' | '__typename'>;

/**
 * `ok: true` with the payload, or `ok: false` with at least one user error (every bad field at
 * once, as the server reports them).
 */
export type MutationResult<P extends PayloadShape> =
  | { readonly ok: true; readonly payload: Success<P> }
  | { readonly ok: false; readonly userErrors: readonly [ErrorOf<P>, ...ErrorOf<P>[]] };

/** The result of one payload. */
export function toResult<P extends PayloadShape>(payload: P): MutationResult<P> {
  const [first, ...rest] = payload.userErrors;
  if (first !== undefined) {
    return { ok: false, userErrors: [first, ...rest] as [ErrorOf<P>, ...ErrorOf<P>[]] };
  }
  const { userErrors: _empty, ...success } = payload;
  return { ok: true, payload: success as Success<P> };
}

/** The payload of a mutation's one root field (`__typename` aside). */
export type RootPayload<TData> = TData[Exclude<keyof TData, '__typename'>];

/** The user errors of one field of the input, e.g. `errorsAt(result, 'input', 'name')`. */
export function errorsAt<E extends UserErrorShape>(errors: readonly E[], ...field: string[]): E[] {
  return errors.filter((e) => e.field.length === field.length && e.field.every((part, i) => part === field[i]));
}
