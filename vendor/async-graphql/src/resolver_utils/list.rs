use crate::{
    ContextSelectionSet, OutputType, Positioned, ServerError, ServerResult, Value,
    extensions::ResolveInfo, parser::types::Field,
};

// PATCH(gongzhi): null propagation in lists. An item fails only when it is
// non-null (a nullable item, `Option<T>`, turns its own error into `null`),
// and then the list cannot be represented: every item still runs to the end,
// the first failure by index goes to the list's parent, the others are added
// to the response's errors, so each failure is reported once.
fn join_items(
    ctx: &ContextSelectionSet<'_>,
    items: Vec<ServerResult<Value>>,
) -> ServerResult<Value> {
    let mut values = Vec::with_capacity(items.len());
    let mut failed = None;
    for item in items {
        match item {
            Ok(value) => values.push(value),
            Err(e) if failed.is_none() => failed = Some(e),
            Err(e) => ctx.add_error(e),
        }
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(Value::List(values)),
    }
}

// PATCH(gongzhi): an error that comes up from inside an item keeps the path
// of the field that raised it; only an error without a path gets the item's.
fn item_error_path(ctx_idx: &ContextSelectionSet<'_>, err: ServerError) -> ServerError {
    if err.path.is_empty() {
        ctx_idx.set_error_path(err)
    } else {
        err
    }
}

/// Resolve an list by executing each of the items concurrently.
pub async fn resolve_list<'a, T: OutputType + 'a>(
    ctx: &ContextSelectionSet<'a>,
    field: &Positioned<Field>,
    iter: impl IntoIterator<Item = T>,
    len: Option<usize>,
) -> ServerResult<Value> {
    let extensions = &ctx.query_env.extensions;
    // PATCH(gongzhi): `resolves_fields`, was `!is_empty`.
    if extensions.resolves_fields() {
        let mut futures = len.map(Vec::with_capacity).unwrap_or_default();
        for (idx, item) in iter.into_iter().enumerate() {
            futures.push({
                let ctx = ctx.clone();
                async move {
                    let ctx_idx = ctx.with_index(idx);
                    let extensions = &ctx.query_env.extensions;

                    let resolve_info = ResolveInfo {
                        path_node: ctx_idx.path_node.as_ref().unwrap(),
                        parent_type: &Vec::<T>::type_name(),
                        return_type: &T::qualified_type_name(),
                        name: field.node.name.node.as_str(),
                        alias: field.node.alias.as_ref().map(|alias| alias.node.as_str()),
                        is_for_introspection: ctx_idx.is_for_introspection,
                        field: &field.node,
                    };
                    let resolve_fut = async {
                        OutputType::resolve(&item, &ctx_idx, field)
                            .await
                            .map(Option::Some)
                            .map_err(|err| item_error_path(&ctx_idx, err)) // PATCH(gongzhi)
                    };
                    futures_util::pin_mut!(resolve_fut);
                    extensions
                        .resolve(resolve_info, &mut resolve_fut)
                        .await
                        .map(|value| value.expect("You definitely encountered a bug!"))
                }
            });
        }
        // PATCH(gongzhi): was `try_join_all`, which drops the other items' failures.
        join_items(ctx, futures_util::future::join_all(futures).await)
    } else {
        let mut futures = len.map(Vec::with_capacity).unwrap_or_default();
        for (idx, item) in iter.into_iter().enumerate() {
            let ctx_idx = ctx.with_index(idx);
            futures.push(async move {
                OutputType::resolve(&item, &ctx_idx, field)
                    .await
                    .map_err(|err| item_error_path(&ctx_idx, err)) // PATCH(gongzhi)
            });
        }
        // PATCH(gongzhi): was `try_join_all`, which drops the other items' failures.
        join_items(ctx, futures_util::future::join_all(futures).await)
    }
}
