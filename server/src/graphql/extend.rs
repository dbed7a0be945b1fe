//! Objects that higher domains add fields to, without the lower domain
//! ever naming them.
//!
//! `Person` belongs to `people/`, but `Person.partyMember` belongs to
//! `party/`, which sits above it. The lower domain declares its object with
//! [`extensible_object!`](crate::extensible_object): a core `#[Object]` over
//! `&Person` (declared with [`field_group!`](crate::field_group)) and a
//! [`Groups`] list that starts empty. A higher domain writes its own
//! `#[Object]` over `&Person`, also a `field_group!`, and
//! `graphql/schema.rs`, which imports every domain, installs it in the list
//! before the schema is built. The object's fields are the core's followed
//! by each group's; a field is resolved by the core, else by the group that
//! declares it. This is async-graphql's `MergedObject`, with the parts listed
//! where the domains meet rather than where the type is declared.

use std::sync::OnceLock;

use async_graphql::registry::{MetaType, MetaTypeId, Registry};
use async_graphql::{ContainerType, Context, OutputType, ServerResult, Value};
use futures::future::BoxFuture;

/// An `#[Object]` type over `&T`: a set of fields of `T`'s GraphQL object.
/// Declared with [`field_group!`](crate::field_group).
pub trait Group<T: 'static>: Send + Sync + 'static {
    type Fields<'a>: ContainerType + 'a;
    fn of(base: &T) -> Self::Fields<'_>;
}

/// One installed group of fields of `T`.
pub struct FieldGroup<T: 'static> {
    register: fn(&mut Registry) -> MetaType,
    resolve: for<'a> fn(&'a T, &'a Context<'a>) -> BoxFuture<'a, ServerResult<Option<Value>>>,
}

impl<T: Send + Sync + 'static> FieldGroup<T> {
    pub fn of<G: Group<T>>() -> FieldGroup<T> {
        FieldGroup { register: register::<T, G>, resolve: resolve::<T, G> }
    }
}

fn register<T: 'static, G: Group<T>>(registry: &mut Registry) -> MetaType {
    registry.create_fake_output_type::<G::Fields<'static>>()
}

fn resolve<'a, T: Send + Sync + 'static, G: Group<T>>(
    base: &'a T,
    ctx: &'a Context<'a>,
) -> BoxFuture<'a, ServerResult<Option<Value>>> {
    Box::pin(async move { G::of(base).resolve_field(ctx).await })
}

/// The field groups higher domains add to `T`, installed once per process
/// (every schema built in one process has the same ones).
pub struct Groups<T: 'static>(OnceLock<Vec<FieldGroup<T>>>);

impl<T: 'static> Groups<T> {
    pub const fn new() -> Groups<T> {
        Groups(OnceLock::new())
    }

    /// Install the groups; later calls keep the first list.
    pub fn install(&self, groups: impl FnOnce() -> Vec<FieldGroup<T>>) {
        self.0.get_or_init(groups);
    }

    fn list(&self) -> &[FieldGroup<T>] {
        self.0.get().map(Vec::as_slice).unwrap_or_default()
    }
}

impl<T: 'static> Default for Groups<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The field of `base` that the selection asks for, from the installed
/// group that declares it (after the core group did not).
pub async fn resolve_in_groups<T: Send + Sync + 'static>(
    base: &T,
    ctx: &Context<'_>,
    groups: &Groups<T>,
) -> ServerResult<Option<Value>> {
    for group in groups.list() {
        if let Some(value) = (group.resolve)(base, ctx).await? {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// Register `T` as one object: the core's description and fields, then each
/// group's fields. A field declared twice is a programming error, caught
/// when the schema is built.
pub fn create_type_info<T, C>(registry: &mut Registry, groups: &Groups<T>) -> String
where
    T: OutputType + Send + Sync + 'static,
    C: Group<T>,
{
    registry.create_output_type::<T, _>(MetaTypeId::Object, |registry| {
        let MetaType::Object { description, mut fields, cache_control, .. } =
            registry.create_fake_output_type::<C::Fields<'static>>()
        else {
            unreachable!("a field group is an object")
        };
        for group in groups.list() {
            if let MetaType::Object { fields: more, .. } = (group.register)(registry) {
                for (name, field) in more {
                    assert!(!fields.contains_key(&name), "{}.{name} is declared twice", T::type_name());
                    fields.insert(name, field);
                }
            }
        }
        MetaType::Object {
            name: T::type_name().into_owned(),
            description,
            fields,
            cache_control,
            extends: false,
            shareable: false,
            resolvable: true,
            keys: None,
            visible: None,
            inaccessible: false,
            interface_object: false,
            tags: Vec::new(),
            is_subscription: false,
            rust_typename: Some(std::any::type_name::<T>()),
            directive_invocations: Vec::new(),
            requires_scopes: Vec::new(),
        }
    })
}

/// Declare `pub struct $name<'a>(&'a $base)`, a group of fields of `$base`'s
/// object: write its fields with `#[Object] impl $name<'_>`, reading the
/// base through `self` (it derefs to `$base`).
#[macro_export]
macro_rules! field_group {
    ($(#[$m:meta])* $name:ident for $base:ty) => {
        $(#[$m])*
        pub struct $name<'a>(pub &'a $base);

        impl std::ops::Deref for $name<'_> {
            type Target = $base;
            fn deref(&self) -> &$base {
                self.0
            }
        }

        impl $crate::graphql::extend::Group<$base> for $name<'static> {
            type Fields<'a> = $name<'a>;
            fn of(base: &$base) -> $name<'_> {
                $name(base)
            }
        }
    };
}

/// Make `$ty` the GraphQL object `$name`: the fields of its core group
/// `$core` (whose doc comment describes the object), then those of every
/// group installed in `$groups` by higher domains. `$ty` must have an `id`
/// field of an id type, answered as its Relay global id.
#[macro_export]
macro_rules! extensible_object {
    ($ty:ty, $name:literal, core: $core:ident, groups: $groups:path) => {
        impl async_graphql::ContainerType for $ty {
            async fn resolve_field(
                &self,
                ctx: &async_graphql::Context<'_>,
            ) -> async_graphql::ServerResult<Option<async_graphql::Value>> {
                if let Some(value) = async_graphql::ContainerType::resolve_field(&$core(self), ctx).await? {
                    return Ok(Some(value));
                }
                $crate::graphql::extend::resolve_in_groups(self, ctx, &$groups).await
            }
        }

        impl async_graphql::OutputType for $ty {
            fn type_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }

            fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
                $crate::graphql::extend::create_type_info::<$ty, $core<'static>>(registry, &$groups)
            }

            async fn resolve(
                &self,
                ctx: &async_graphql::ContextSelectionSet<'_>,
                _field: &async_graphql::Positioned<async_graphql::parser::types::Field>,
            ) -> async_graphql::ServerResult<async_graphql::Value> {
                async_graphql::resolver_utils::resolve_container(ctx, self).await
            }
        }

        impl async_graphql::ObjectType for $ty {}

        impl $ty {
            /// The global id, for the `Node` interface.
            pub async fn id(
                &self,
                _ctx: &async_graphql::Context<'_>,
            ) -> async_graphql::Result<async_graphql::ID> {
                Ok(self.id.to_global())
            }
        }
    };
}
