"""Routes editing the content of a convention: parties, articles, commitments, approval, amendments."""

urlpatterns: list = []
