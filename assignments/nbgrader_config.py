# nbgrader settings for Init Lab's Java assignments: copy into your nbgrader course folder (or merge with yours).
# nbgrader's default code stub is Python's; a Java solution region becomes the stub ./initlab assign writes too.
c = get_config()  # noqa: F821 (provided by nbgrader)
c.ClearSolutions.code_stub = {
    "java": '// YOUR CODE HERE\nthrow new UnsupportedOperationException("not done yet");',
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
