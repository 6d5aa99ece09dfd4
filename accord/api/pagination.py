"""API pagination: {"count", "next", "previous", "results"}."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number pagination; clients may ask for up to 200 rows with ?page_size=."""

    page_size_query_param = "page_size"
    max_page_size = 200
