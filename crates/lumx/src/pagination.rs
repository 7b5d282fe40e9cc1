//! Cursor pagination: one page at a time, or a `Stream` over all items.

use std::future::Future;

use futures_util::{stream, Stream, TryStreamExt};
use serde::{Deserialize, Serialize};

use crate::models::Entries;
use crate::Result;

/// A page of results: `{data, pagination?}`. One record that cannot be read is set
/// aside in `data.unreadable()`; the rest of the page decodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: serde::de::DeserializeOwned"))]
pub struct Page<T> {
    /// Items on this page.
    #[serde(default)]
    pub data: Entries<T>,
    /// Cursor information (documented for accounts; assumed optional elsewhere).
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination: Option<Pagination>,
}

/// `pagination` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Page size used.
    #[serde(default, deserialize_with = "crate::models::lenient::or_none")]
    pub size: Option<u32>,
    /// Total items.
    #[serde(default, deserialize_with = "crate::models::lenient::or_none")]
    pub total: Option<u64>,
    /// More items after this page.
    #[serde(default, deserialize_with = "crate::models::lenient::flag")]
    pub has_next_page: bool,
    /// Items before this page.
    #[serde(default, deserialize_with = "crate::models::lenient::flag")]
    pub has_previous_page: bool,
    /// Cursor of the next page.
    #[serde(default, deserialize_with = "crate::models::lenient::text")]
    pub next_cursor: Option<String>,
    /// Cursor of the previous page.
    #[serde(default, deserialize_with = "crate::models::lenient::text")]
    pub previous_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The cursor for the next page, if there is one.
    pub fn next_cursor(&self) -> Option<&str> {
        let p = self.pagination.as_ref()?;
        if !p.has_next_page {
            return None;
        }
        p.next_cursor.as_deref().filter(|c| !c.is_empty())
    }
}

/// Streams every item by following `nextCursor` until there is none. Stops
/// (instead of looping forever) if the server returns the same cursor twice.
pub(crate) fn paginate<T, F, Fut>(fetch: F) -> impl Stream<Item = Result<T>> + Send + 'static
where
    T: Send + 'static,
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send + 'static,
{
    // State: Some(cursor) = a page to fetch (None cursor = first page); None = done.
    stream::try_unfold(
        (fetch, Some(None::<String>)),
        |(mut fetch, state)| async move {
            let Some(cursor) = state else {
                return Ok(None);
            };
            let page = fetch(cursor.clone()).await?;
            let next = page
                .next_cursor()
                .map(str::to_owned)
                .filter(|n| Some(n) != cursor.as_ref());
            Ok(Some((page.data, (fetch, next.map(Some)))))
        },
    )
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::{Arc, Mutex};

    fn page(items: Vec<u32>, next: Option<&str>) -> Page<u32> {
        Page {
            data: items.into(),
            pagination: Some(Pagination {
                has_next_page: next.is_some(),
                next_cursor: next.map(str::to_owned),
                ..Pagination::default()
            }),
        }
    }

    #[tokio::test]
    async fn follows_cursors_until_the_last_page() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        let s = paginate(move |cursor: Option<String>| {
            seen2.lock().unwrap().push(cursor.clone());
            async move {
                Ok(match cursor.as_deref() {
                    None => page(vec![1, 2], Some("c1")),
                    Some("c1") => page(vec![3], Some("c2")),
                    Some("c2") => page(vec![4], None),
                    _ => panic!("unexpected cursor"),
                })
            }
        });
        let items: Vec<u32> = s.try_collect().await.unwrap();
        assert_eq!(items, vec![1, 2, 3, 4]);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![None, Some("c1".to_string()), Some("c2".to_string())]
        );
    }

    #[tokio::test]
    async fn missing_pagination_means_single_page_and_repeated_cursor_stops() {
        let s = paginate(|_c| async {
            Ok(Page {
                data: vec![9u32].into(),
                pagination: None,
            })
        });
        assert_eq!(s.try_collect::<Vec<_>>().await.unwrap(), vec![9]);
        let s = paginate(|_c| async { Ok(page(vec![1], Some("same"))) });
        // first page (cursor None → "same"), second page returns "same" again → stop.
        assert_eq!(s.try_collect::<Vec<_>>().await.unwrap(), vec![1, 1]);
    }

    #[tokio::test]
    async fn errors_end_the_stream() {
        let s = paginate(|c: Option<String>| async move {
            match c {
                None => Ok(page(vec![1], Some("x"))),
                Some(_) => Err(crate::Error::Timeout),
            }
        });
        let out: Vec<_> = s.collect().await;
        assert_eq!(out.len(), 2);
        assert!(matches!(out[1], Err(crate::Error::Timeout)));
    }

    #[test]
    fn page_decodes_with_and_without_pagination() {
        let p: Page<u32> = serde_json::from_str(r#"{"data":[1]}"#).unwrap();
        assert!(p.pagination.is_none() && p.next_cursor().is_none());
        let p: Page<u32> = serde_json::from_str(
            r#"{"data":[],"pagination":{"size":25,"total":3,"hasNextPage":true,
                "hasPreviousPage":false,"nextCursor":"abc","previousCursor":null}}"#,
        )
        .unwrap();
        assert_eq!(p.next_cursor(), Some("abc"));
    }
}
