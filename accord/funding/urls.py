"""Fund pages, under /gestion/fonds/: projects and their pipeline, then the program's settings."""

from . import program_urls, project_urls

app_name = "funding"

urlpatterns = project_urls.urlpatterns + program_urls.urlpatterns
