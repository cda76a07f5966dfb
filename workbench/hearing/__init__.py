"""Hearings: audio in, offline recognition with Vosk in worker processes, speakers by seat, the
hearing record (庭审笔录) linked to its audio, and voice commands for the evidence display.

The public API, by module (import the submodule; nothing here loads Vosk or numpy at import):

  models      ModelManager(data_dir).install(path) / list() / get() / set_default(); describe(dir)
  audio       load_audio(path, rate) -> Audio (int16, frames × channels); AudioError
  engine      EnginePool(model_dir, workers).run(jobs, progress, cancel); shared_pool(model_dir)
  parallel    decode_parallel(pool, mono, rate, progress=, cancel=) -> [Segment]
  transcribe  transcribe_file(path, model, roles=, pool=, progress=, cancel=) -> Transcript
  seats       attribute(samples, rate, segments, roles) -> [Utterance]
  live        LiveTranscriber(model, out_wav, rate=, channels=, roles=, on_partial=, on_final=)
              .feed(frames) / .close() -> Transcript; CrashSafeWav; repair_wav(path)
  record      header_from_case(case, …); render_record(header, transcript) -> PDF bytes;
              save_transcript / file_record(wb, case, transcript, header, audio_path=);
              versions(wb, case); load_transcript(wb, blob)
  vocabulary  terms_from_case(case); suggest(transcript, terms) -> [Suggestion]; apply()
  commands    CommandRecognizer(model).recognise(pcm, rate) -> VoiceCommand (a command, `none`,
              or `confirm` with .candidates to ask about on screen); load_table(lang)
  command_rule  decide(hypotheses, …) -> act | confirm | none; Rule (the thresholds)
  grammar     build_phrase_model(model_dir, phrases, cache_dir): a graph of whole phrases only
  sample      espeak-ng courtroom recordings for the demo, the tests and the benchmark
  cli         the CLI: transcribe, model install|list|default, voice-command
"""
