"""The module map: views of a project computed from one survey (the layout, facts and findings the
checks saw), so what the table and graph show is what ``modlint`` checks. Plain values only: the
reporters render them and the CLI writes them."""
