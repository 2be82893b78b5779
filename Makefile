# The two commands of the README: `make run` and `make test`. Each installs what it needs first.
.PHONY: run test setup train shell lint bench clean cluster test-cluster bench-cluster

run:            ## install, train if needed, and run the assistant with the demo page
	scripts/run.sh

test:           ## install and run every test
	scripts/test.sh

setup:          ## install only
	scripts/setup.sh

train:          ## train a model if none matches the data
	scripts/setup.sh && PYTHONPATH=. .venv/bin/python scripts/train_if_needed.py

shell:          ## chat in the terminal (needs the action server from `make run`)
	PYTHONPATH=. .venv/bin/rasa shell --port 5006 --endpoints endpoints.yml -m models

lint:           ## check the rule files
	.venv/bin/python -m eligibility lint

bench:          ## benchmarks: rules engine, NLU evaluation, training time, latency
	PYTHONPATH=. .venv/bin/python benchmarks/eligibility_bench.py
	PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py
	PYTHONPATH=. .venv/bin/python benchmarks/rasa_training.py
	PYTHONPATH=. .venv/bin/python benchmarks/rasa_latency.py

cluster:        ## several Rasa servers + PostgreSQL + Redis + HAProxy on loopback (RASA_REPLICAS, ACTION_REPLICAS)
	scripts/cluster.sh

test-cluster:   ## only the multi-server tests (races, faults, bad input, data deletion, manifests)
	scripts/test.sh -m cluster

bench-cluster:  ## load: 1 vs 2 Rasa servers, 20 and 50 conversations, next to the stock `rasa init` bot
	scripts/setup.sh && scripts/install_cluster_packages.sh && PYTHONPATH=. .venv/bin/python benchmarks/cluster_load.py

clean:          ## remove built and generated files (keeps .venv)
	rm -rf models results test-output widget/dist .pytest_cache .hypothesis
