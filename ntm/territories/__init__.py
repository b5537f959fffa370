"""Administrative units by official code: province → district (until 30 June 2025) →
commune → hamlet, with validity dates and the 2025 merger's successor links."""
