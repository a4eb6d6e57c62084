print("stories-bench")
